package org.medbroker.mappings.fhirtov2;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.medbroker.mappings.hl7v2.CodeSystems;
import org.medbroker.mappings.hl7v2.MappingOptions;

/**
 * FHIR systems back to their v2 names: a coding system to a table 0396 name (CWE-3), an identifier system
 * to an assigning authority (HD). Each is the inverse of {@link CodeSystems}, so the inbound mapping gives
 * back the system it started from.
 */
final class V2Codes {

    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    private static final String V2_TABLE = "http://terminology.hl7.org/CodeSystem/v2-";
    private static final String LOCAL_CODING = "urn:medbroker:codesystem:";
    private static final String LOCAL_AUTHORITY = "urn:medbroker:authority:";
    /** HL7 table 0396 "Local general code": a system that has no v2 name of its own. */
    private static final String LOCAL = "L";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry(LOINC, "LN"),
            Map.entry("http://snomed.info/sct", "SCT"),
            Map.entry(UCUM, "UCUM"),
            Map.entry("http://hl7.org/fhir/sid/icd-10", "I10"),
            Map.entry("http://hl7.org/fhir/sid/icd-10-cm", "I10C"),
            Map.entry("http://hl7.org/fhir/sid/icd-9-cm", "I9C"),
            Map.entry("http://www.ama-assn.org/go/cpt", "C4"),
            Map.entry("http://hl7.org/fhir/sid/ndc", "NDC"),
            Map.entry("http://hl7.org/fhir/sid/cvx", "CVX"),
            Map.entry("http://www.nlm.nih.gov/research/umls/rxnorm", "RXNORM"));

    private final MappingOptions options;

    V2Codes(MappingOptions options) {
        this.options = options;
    }

    /** The name of coding system for CWE-3/6: empty when the coding has no system. */
    String codingSystem(String system) {
        if (system == null || system.isEmpty()) {
            return "";
        }
        String known = NAMES.get(system);
        if (known != null) {
            return known;
        }
        if (system.startsWith(V2_TABLE)) {
            return "HL7" + system.substring(V2_TABLE.length());
        }
        if (system.startsWith("urn:oid:")) {
            return system.substring("urn:oid:".length());
        }
        if (system.startsWith(LOCAL_CODING)) {
            return URLDecoder.decode(system.substring(LOCAL_CODING.length()), StandardCharsets.UTF_8);
        }
        return LOCAL;
    }

    /** An assigning authority as HD components (namespace id, universal id, universal id type); empty for no system. */
    String[] authority(String system) {
        if (system == null || system.isEmpty()) {
            return new String[] {"", "", ""};
        }
        for (Map.Entry<String, String> configured : options.identifierSystems().entrySet()) {
            if (configured.getValue().equals(system)) {
                return new String[] {configured.getKey(), "", ""};
            }
        }
        if (system.startsWith(LOCAL_AUTHORITY)) {
            return new String[] {URLDecoder.decode(system.substring(LOCAL_AUTHORITY.length()), StandardCharsets.UTF_8), "", ""};
        }
        if (system.startsWith("urn:oid:")) {
            return new String[] {"", system.substring("urn:oid:".length()), "ISO"};
        }
        if (system.startsWith("urn:uuid:")) {
            return new String[] {"", system.substring("urn:uuid:".length()), "UUID"};
        }
        return new String[] {"", system, "URI"};
    }

    /**
     * CWE: the first coding in components 1-3, a second (the analyzer's own code, say) in 4-6, the text in 9
     * when it says more than the first coding's display (2 when there is no coding).
     */
    String cwe(CodeableConcept concept) {
        if (concept == null || concept.isEmpty()) {
            return "";
        }
        Coding first = concept.getCoding().stream().filter(Coding::hasCode).findFirst().orElse(null);
        if (first == null) {
            return concept.hasText() ? "^" + V2Text.escape(concept.getText()) : "";
        }
        Coding second = concept.getCoding().stream().filter(c -> c != first && c.hasCode()).findFirst().orElse(null);
        String[] parts = new String[9];
        parts[0] = V2Text.escape(first.getCode());
        parts[1] = V2Text.escape(first.getDisplay());
        parts[2] = V2Text.escape(codingSystem(first.getSystem()));
        if (second != null) {
            parts[3] = V2Text.escape(second.getCode());
            parts[4] = V2Text.escape(second.getDisplay());
            parts[5] = V2Text.escape(codingSystem(second.getSystem()));
        }
        if (concept.hasText() && !concept.getText().equals(first.getDisplay())) {
            parts[8] = V2Text.escape(concept.getText());
        }
        return components(parts, '^');
    }

    /** An identifier as EI (value, then its authority), with {@code separator} between the parts. */
    String ei(Identifier identifier, char separator) {
        if (identifier == null || !identifier.hasValue()) {
            return "";
        }
        String[] hd = authority(identifier.getSystem());
        return components(new String[] {V2Text.escape(identifier.getValue()), V2Text.escape(hd[0]), V2Text.escape(hd[1]),
                V2Text.escape(hd[2])}, separator);
    }

    /** An identifier as CX: value, assigning authority (HD in subcomponents), identifier type code (0203). */
    String cx(Identifier identifier) {
        if (identifier == null || !identifier.hasValue()) {
            return "";
        }
        String[] hd = authority(identifier.getSystem());
        String authority = components(new String[] {V2Text.escape(hd[0]), V2Text.escape(hd[1]), V2Text.escape(hd[2])}, '&');
        String type = Optional.ofNullable(identifier.getType())
                .flatMap(t -> t.getCoding().stream().filter(Coding::hasCode).map(Coding::getCode).findFirst()
                        .or(() -> Optional.ofNullable(t.getText())))
                .orElse("");
        return components(new String[] {V2Text.escape(identifier.getValue()), "", "", authority, V2Text.escape(type)}, '^');
    }

    /** The parts joined by {@code separator}, without trailing empty ones. */
    static String components(String[] parts, char separator) {
        int last = parts.length - 1;
        while (last >= 0 && (parts[last] == null || parts[last].isEmpty())) {
            last--;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                out.append(separator);
            }
            out.append(parts[i] == null ? "" : parts[i]);
        }
        return out.toString();
    }
}
