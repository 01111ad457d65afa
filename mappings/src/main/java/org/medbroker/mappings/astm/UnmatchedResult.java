package org.medbroker.mappings.astm;

/**
 * A stored result a person has to look at: its order was not found, or its test code is not in the
 * analyzer's code map. Carries ids and codes, no values or names.
 */
public record UnmatchedResult(String observationId, String specimenId, String testCode, Reason reason) {

    public enum Reason {
        /** No order in the store has the O record's specimen id: stored preliminary, linked to the patient only. */
        NO_ORDER,
        /** The analyzer's test code is not in the code map: kept under the analyzer's own code system. */
        UNMAPPED_CODE
    }
}
