package org.medbroker.mappings.astm;

/**
 * An order already in the record store whose specimen id (barcode) is an O record's O.3.
 *
 * @param serviceRequestId the FHIR ServiceRequest id
 * @param patientId the FHIR Patient id of the order's subject, or null
 * @param codeSystem the system of the order's first test code, or empty
 * @param code the order's first test code, or empty
 * @param display its display, or empty
 */
public record MatchedOrder(String serviceRequestId, String patientId, String codeSystem, String code, String display) {}
