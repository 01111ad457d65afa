package org.medbroker.engine.outbound;

/** What one send came to. */
sealed interface Outcome {

    /** The receiver has it (AA, CA, or the file is in place). */
    record Delivered(String ackCode) implements Outcome {}

    /** The receiver refused this message (AE, AR): counts towards the retry limit. */
    record Rejected(String ackCode, String text) implements Outcome {}

    /**
     * The message cannot be sent as configured (a transform rejected it): the same on every attempt, so it
     * goes straight to dead letter with the reason, without retries.
     */
    record Undeliverable(String text) implements Outcome {}

    /** The destination is at fault (refused, timed out, unwritable): opens the circuit, does not count. */
    record Unreachable(String kind, String detail) implements Outcome {}
}
