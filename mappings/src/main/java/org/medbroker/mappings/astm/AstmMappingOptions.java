package org.medbroker.mappings.astm;

import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * How a listener's ASTM messages are mapped.
 *
 * @param zone the analyzer's local time zone (E1394 timestamps carry none)
 * @param patientIdSystems identifier system per P field that carries an id: {@code P.3} (practice
 *        assigned), {@code P.4} (laboratory assigned), {@code P.5} (patient ID No. 3); use the clinic's
 *        MRN system for the field the LIS downloads its id into, so results meet the HL7 patient
 * @param specimenIdComponent which component (from 1) of O.3 and of each Q.3 / Q.4 repeat holds the specimen
 *        barcode; 0 (auto) takes the first non-blank one for O.3 and the second (LIS2-A2: patient id ^ specimen id)
 *        else the first for Q.3. Sysmex XN sends {@code rack^tube^sample no^attribute}: set 3.
 */
public record AstmMappingOptions(ZoneId zone, Map<String, String> patientIdSystems, int specimenIdComponent) {

    public static final Map<String, String> DEFAULT_PATIENT_ID_SYSTEMS = Map.of(
            "P.3", "urn:medbroker:astm:practice-patient-id",
            "P.4", "urn:medbroker:astm:laboratory-patient-id",
            "P.5", "urn:medbroker:astm:patient-id-3");

    public AstmMappingOptions {
        Objects.requireNonNull(zone, "zone");
        patientIdSystems = Map.copyOf(patientIdSystems);
        if (specimenIdComponent < 0) {
            throw new IllegalArgumentException("specimenIdComponent must be 0 (auto) or a component number from 1");
        }
    }

    public AstmMappingOptions(ZoneId zone, Map<String, String> patientIdSystems) {
        this(zone, patientIdSystems, 0);
    }

    public static AstmMappingOptions defaults(ZoneId zone) {
        return new AstmMappingOptions(zone, DEFAULT_PATIENT_ID_SYSTEMS, 0);
    }

    /** The specimen id in one repeat of O.3 ({@code query} false) or of Q.3 / Q.4 ({@code query} true), trimmed, or "". */
    public String specimenId(java.util.List<String> components, boolean query) {
        if (specimenIdComponent > 0) {
            return specimenIdComponent <= components.size() ? components.get(specimenIdComponent - 1).strip() : "";
        }
        if (query && components.size() > 1 && !components.get(1).isBlank()) {
            return components.get(1).strip();
        }
        for (String component : components) {
            if (!component.isBlank()) {
                return component.strip();
            }
        }
        return "";
    }

    String systemFor(String field) {
        return patientIdSystems.getOrDefault(field, DEFAULT_PATIENT_ID_SYSTEMS.get(field));
    }
}
