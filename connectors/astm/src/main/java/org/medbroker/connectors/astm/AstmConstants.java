package org.medbroker.connectors.astm;

/** Exchange headers of the {@code astm} component. */
public final class AstmConstants {

    /** In: remote address of the instrument, {@code host:port}. */
    public static final String REMOTE_ADDRESS = "MedbrokerRemoteAddress";
    /** In: the listener's name (the endpoint's {@code listenerName}). */
    public static final String LISTENER = "MedbrokerListener";
    /**
     * In: {@code true} when the transfer did not end cleanly (timeout, protocol error, disconnect, or a
     * record over its limit); the body then holds what was received. {@code false} otherwise.
     */
    public static final String INCOMPLETE = "MedbrokerAstmIncomplete";

    /**
     * Out: set by the route to answer the instrument on the same connection (e.g. a host query reply):
     * the E1394 records to send, a {@code List<byte[]>} with one record each (CR included). The listener
     * sends them as the E1381 sender after the instrument's EOT (or written as records with
     * {@code framing=RECORDS}).
     */
    public static final String REPLY = "MedbrokerAstmReply";

    private AstmConstants() {}
}
