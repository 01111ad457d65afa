package org.medbroker.connectors.hl7;

/** Exchange headers of the {@code hl7mllp} component. */
public final class Hl7MllpConstants {

    /** In: remote address of the sender, {@code host:port}. */
    public static final String REMOTE_ADDRESS = "MedbrokerRemoteAddress";
    /** In: the listener's name (the endpoint's {@code listenerName}). */
    public static final String LISTENER = "MedbrokerListener";
    /** In: set (to the block's total length) when the block exceeded the limit; the body is then its head only. */
    public static final String BLOCK_TOO_LONG = "MedbrokerHl7BlockTooLong";
    /** Out: the acknowledgement to send back, as bytes ready for framing. */
    public static final String ACKNOWLEDGEMENT = "MedbrokerHl7Acknowledgement";

    private Hl7MllpConstants() {}
}
