package org.medbroker.connectors.astm.link;

import java.time.Duration;
import java.util.Objects;

/**
 * The timers of E1381 clause 6.5.2, one per protocol phase.
 *
 * @param establishmentReply sender: wait for the reply to ENQ (15 s)
 * @param establishmentRetryDelay sender: wait after a NAK to ENQ before bidding again (at least 10 s)
 * @param contentionHostWait host after contention: wait for the instrument's ENQ before bidding again (at least 20 s)
 * @param contentionInstrumentDelay instrument after contention: wait before sending ENQ again (at least 1 s)
 * @param frameReply sender: wait for the reply to a frame (15 s)
 * @param frameReceive receiver: wait for the next frame or EOT (30 s)
 */
public record E1381Timeouts(Duration establishmentReply, Duration establishmentRetryDelay, Duration contentionHostWait,
        Duration contentionInstrumentDelay, Duration frameReply, Duration frameReceive) {

    /** The values E1381 gives. */
    public static final E1381Timeouts STANDARD = new E1381Timeouts(Duration.ofSeconds(15), Duration.ofSeconds(10),
            Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(30));

    public E1381Timeouts {
        positive(establishmentReply, "establishmentReply");
        positive(establishmentRetryDelay, "establishmentRetryDelay");
        positive(contentionHostWait, "contentionHostWait");
        positive(contentionInstrumentDelay, "contentionInstrumentDelay");
        positive(frameReply, "frameReply");
        positive(frameReceive, "frameReceive");
    }

    public E1381Timeouts withFrameReceive(Duration frameReceive) {
        return new E1381Timeouts(establishmentReply, establishmentRetryDelay, contentionHostWait, contentionInstrumentDelay,
                frameReply, frameReceive);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
