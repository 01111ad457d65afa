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

    private AstmConstants() {}
}
