package org.medbroker.engine.store.resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;

/** Resources to and from the stored JSON. */
final class ResourceJson {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private final FhirContext fhirContext;

    ResourceJson(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    String encode(Resource resource) {
        return fhirContext.newJsonParser().encodeResourceToString(resource);
    }

    /** A stored version, its id carrying type, id and version so HAPI can write ETags and history entries. */
    Resource decode(String type, String id, long versionId, String json) {
        Resource resource = (Resource) fhirContext.newJsonParser().parseResource(json);
        resource.setIdElement(new IdType(type, id, Long.toString(versionId)));
        return resource;
    }

    static void stamp(Resource resource, long versionId, Instant lastUpdated) {
        resource.getMeta().setVersionId(Long.toString(versionId));
        resource.getMeta().setLastUpdatedElement(new InstantType(Date.from(lastUpdated), TemporalPrecisionEnum.MILLI, UTC));
    }
}
