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
 */
public record AstmMappingOptions(ZoneId zone, Map<String, String> patientIdSystems) {

    public static final Map<String, String> DEFAULT_PATIENT_ID_SYSTEMS = Map.of(
            "P.3", "urn:medbroker:astm:practice-patient-id",
            "P.4", "urn:medbroker:astm:laboratory-patient-id",
            "P.5", "urn:medbroker:astm:patient-id-3");

    public AstmMappingOptions {
        Objects.requireNonNull(zone, "zone");
        patientIdSystems = Map.copyOf(patientIdSystems);
    }

    public static AstmMappingOptions defaults(ZoneId zone) {
        return new AstmMappingOptions(zone, DEFAULT_PATIENT_ID_SYSTEMS);
    }

    String systemFor(String field) {
        return patientIdSystems.getOrDefault(field, DEFAULT_PATIENT_ID_SYSTEMS.get(field));
    }
}
