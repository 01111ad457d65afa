package org.medbroker.mappings.hl7v2;

/**
 * ADT^A40: the patient {@code mergedPatientId} (from MRG) was merged into {@code survivingPatientId} (from PID).
 * Both are FHIR Patient ids as produced by {@link StableIds}.
 */
public record PatientMerge(String survivingPatientId, String mergedPatientId) {
}
