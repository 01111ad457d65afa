package org.medbroker.engine.outbound;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * One message's mapped resources as a FHIR R4 transaction Bundle of conditional updates, so that
 * sending it twice changes nothing the second time:
 *
 * <ul>
 *   <li>a Patient is matched on its first business identifier: {@code PUT Patient?identifier=system|value};</li>
 *   <li>every other resource carries an extra identifier {@value #RESOURCE_ID_SYSTEM}{@code |<our stable id>}
 *       and is matched on it: {@code PUT Observation?identifier=urn:medbroker:resource-id|<id>};</li>
 *   <li>each entry's fullUrl is a {@code urn:uuid} derived from its type and stable id, and references
 *       between the Bundle's resources point to those, so the server links them whatever ids it assigns.</li>
 * </ul>
 */
final class FhirTransactionBuilder {

    static final String RESOURCE_ID_SYSTEM = "urn:medbroker:resource-id";

    private final FhirContext fhir;

    FhirTransactionBuilder(FhirContext fhir) {
        this.fhir = fhir;
    }

    Bundle build(List<Resource> mapped) {
        Map<String, String> fullUrls = new HashMap<>();
        List<Resource> copies = mapped.stream().map(Resource::copy).toList();
        for (Resource resource : copies) {
            String local = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            fullUrls.put(local, "urn:uuid:" + UUID.nameUUIDFromBytes(local.getBytes(StandardCharsets.UTF_8)));
        }
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Resource resource : copies) {
            String local = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            for (Reference reference : fhir.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                String target = fullUrls.get(reference.getReference());
                if (target != null) {
                    reference.setReference(target);
                }
            }
            String condition = condition(resource);
            resource.setId((String) null);
            bundle.addEntry()
                    .setFullUrl(fullUrls.get(local))
                    .setResource(resource)
                    .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(resource.fhirType() + "?identifier=" + condition);
        }
        return bundle;
    }

    private static String condition(Resource resource) {
        if (resource instanceof Patient patient) {
            for (Identifier identifier : patient.getIdentifier()) {
                if (identifier.hasSystem() && identifier.hasValue()) {
                    return escape(identifier.getSystem()) + "|" + escape(identifier.getValue());
                }
            }
        }
        String id = resource.getIdElement().getIdPart();
        if (resource.getNamedProperty("identifier") == null) {
            throw new IllegalArgumentException("MB-0736: " + resource.fhirType() + " has no identifier element to match on");
        }
        resource.setProperty("identifier", new Identifier().setSystem(RESOURCE_ID_SYSTEM).setValue(id));
        return RESOURCE_ID_SYSTEM + "|" + escape(id);
    }

    /** URL-encodes what would break a search URL; FHIR escapes {@code | , $ \\} in token values with a backslash. */
    private static String escape(String value) {
        String fhirEscaped = value.replace("\\", "\\\\").replace("|", "\\|").replace(",", "\\,").replace("$", "\\$");
        return java.net.URLEncoder.encode(fhirEscaped, StandardCharsets.UTF_8);
    }
}
