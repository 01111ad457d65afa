package org.medbroker.connectors.astm.link;

/**
 * How a message given to {@link E1381LinkHandler#send} ended.
 *
 * @param result delivered, interrupted by the receiver, or why it failed
 * @param framesAcknowledged frames the receiver accepted (ACK, or EOT as receiver interrupt)
 */
public record SendOutcome(Result result, int framesAcknowledged) {

    /** Each failure names its E1381 clause and says what to do. */
    public enum Result {
        DELIVERED("MB-0610: delivered"),
        INTERRUPTED("MB-0611: the receiver interrupted the transfer with EOT (E1381 6.3.5); send the rest of the message again later"),
        ESTABLISHMENT_REFUSED("MB-0612: the receiver answered NAK to every ENQ (E1381 6.2.6); check that the instrument is ready to receive"),
        ESTABLISHMENT_TIMEOUT("MB-0613: no reply to ENQ in time (E1381 6.5.2.1); check the connection and the instrument's host mode"),
        FRAME_REFUSED("MB-0614: a frame was refused with NAK six times (E1381 6.5.1.2); check the line and the record text"),
        FRAME_TIMEOUT("MB-0615: no reply to a frame in time (E1381 6.5.2.1); check the instrument"),
        PROTOCOL_ERROR("MB-0616: the peer sent what E1381 does not allow in this phase; the link sent EOT. See the log for the event"),
        CHANNEL_CLOSED("MB-0617: the connection closed before the message was sent; send it again once connected");

        private final String message;

        Result(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    public boolean delivered() {
        return result == Result.DELIVERED;
    }
}
