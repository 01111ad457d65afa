package org.medbroker.mappings.hl7v2;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;

/**
 * What one message maps to.
 *
 * @param messageType MSH-9.1^MSH-9.2, e.g. {@code "ORU^R01"}
 * @param resources   the resources in mapping order, each with a stable id (see {@link StableIds})
 * @param merge       for ADT^A40, which patient was merged into which
 */
public record MappingResult(String messageType, List<Resource> resources, Optional<PatientMerge> merge) {
  public MappingResult {
    resources = List.copyOf(resources);
  }
}
