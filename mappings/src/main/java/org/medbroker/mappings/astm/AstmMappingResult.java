package org.medbroker.mappings.astm;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/**
 * What one ASTM message maps to.
 *
 * @param sender H.5, the instrument's name as it introduces itself (first component), or empty
 * @param resources Patients (only for P records that carry an id and no matched order), Observations
 *        and DiagnosticReports, each with a stable id
 * @param unmatched results a person has to review
 */
public record AstmMappingResult(String sender, List<Resource> resources, List<UnmatchedResult> unmatched) {
    public AstmMappingResult {
        resources = List.copyOf(resources);
        unmatched = List.copyOf(unmatched);
    }
}
