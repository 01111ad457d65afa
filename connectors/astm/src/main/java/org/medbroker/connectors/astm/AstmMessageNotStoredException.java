package org.medbroker.connectors.astm;

/**
 * Thrown by a route that could not make a received message durable (the journal cannot write). The
 * listener keeps the message in memory and offers it to the route again with a growing pause, and
 * answers the instrument's ENQ with NAK (E1381 6.2.6, receiver busy) until it is stored, so the
 * instrument holds its next results instead of sending them into a broker that cannot keep them.
 */
public final class AstmMessageNotStoredException extends RuntimeException {

    public AstmMessageNotStoredException(String message, Throwable cause) {
        super(message, cause);
    }
}
