package org.medbroker.connectors.dicom.service;

import org.medbroker.connectors.dicom.dimse.Status;

/**
 * What a {@link StorageSink} did with an object, as the C-STORE-RSP status that tells the sender.
 *
 * @param detail sent as Error Comment for anything but success (at most 64 characters go out); no PHI
 */
public record StoreResult(Outcome outcome, String detail) {

    public enum Outcome {
        /** Stored (for a duplicate under the replace policy: stored over the old one). */
        STORED(Status.SUCCESS),
        /** Stored, with data elements coerced. */
        STORED_WITH_COERCION(Status.COERCION_OF_DATA_ELEMENTS),
        /** Stored, with some data elements discarded. */
        STORED_WITH_ELEMENTS_DISCARDED(Status.ELEMENTS_DISCARDED),
        /** Not stored: an instance with this SOP Instance UID is kept (duplicate policy keep). */
        DUPLICATE(Status.DUPLICATE_SOP_INSTANCE),
        /** Not stored: disk full, path unwritable, store unavailable. */
        OUT_OF_RESOURCES(Status.OUT_OF_RESOURCES),
        /** Not stored: the data set does not match the SOP class. */
        DATA_SET_DOES_NOT_MATCH_SOP_CLASS(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS),
        /** Not stored: the data set could not be parsed. */
        CANNOT_UNDERSTAND(Status.CANNOT_UNDERSTAND),
        /** Not stored: anything else. */
        PROCESSING_FAILURE(Status.PROCESSING_FAILURE);

        private final int status;

        Outcome(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public static StoreResult stored() {
        return new StoreResult(Outcome.STORED, null);
    }

    public static StoreResult of(Outcome outcome, String detail) {
        return new StoreResult(outcome, detail);
    }
}
