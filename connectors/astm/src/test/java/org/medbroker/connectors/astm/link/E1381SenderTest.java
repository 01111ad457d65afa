package org.medbroker.connectors.astm.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medbroker.connectors.astm.link.LinkTestSupport.ascii;
import static org.medbroker.connectors.astm.link.LinkTestSupport.frame;
import static org.medbroker.connectors.astm.link.LinkTestSupport.text;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medbroker.connectors.astm.codec.E1381;

/** The broker as sender (E1381 6.2 to 6.5): bids, frames, retries, contention and interrupts. */
class E1381SenderTest {

    private static final List<byte[]> ORDER = List.of(ascii("H|\\^&|||LIS\r"), ascii("O|1|S1||^^^GLU\r"), ascii("L|1|N\r"));

    private LinkTestSupport link;

    @AfterEach
    void close() {
        if (link != null) {
            link.close();
        }
    }

    @Test
    void sendsEachFrameAfterAckThenEot() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        CompletableFuture<SendOutcome> outcome = link.handler.send(ORDER);

        assertThat(link.out()).isEqualTo("<ENQ>");
        assertThat(link.in(E1381.ACK).out()).isEqualTo("[F1]");
        assertThat(link.in(E1381.ACK).out()).isEqualTo("[F2]");
        assertThat(link.in(E1381.ACK).out()).isEqualTo("[F3]");
        assertThat(outcome).isNotDone();
        assertThat(link.in(E1381.ACK).out()).isEqualTo("<EOT>");
        assertThat(outcome).isCompletedWithValue(new SendOutcome(SendOutcome.Result.DELIVERED, 3));
    }

    @Test
    void sentBytesAreWhatAReceiverJoinsBack() {
        LinkTestSupport sender = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        CompletableFuture<SendOutcome> outcome = sender.handler.send(List.of(ascii("H|\\^&\r"), ascii("C|1|" + "x".repeat(300) + "\r")));
        // Relay raw bytes both ways until the sender is done.
        RawPipe pipe = new RawPipe(sender, link);
        pipe.run();
        sender.close();
        assertThat(outcome).isCompletedWithValue(new SendOutcome(SendOutcome.Result.DELIVERED, 3));
        assertThat(text((ReceivedMessage) link.upstream())).isEqualTo("H|\\^&\rC|1|" + "x".repeat(300) + "\r");
    }

    @Test
    void bidsAgainAfterNakOnlyOnceTheRetryDelayHasPassed() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        CompletableFuture<SendOutcome> outcome = link.handler.send(ORDER);
        link.out();

        assertThat(link.in(E1381.NAK).out()).isEmpty();
        link.advance(Duration.ofMillis(9_999));
        assertThat(link.out()).isEmpty();
        link.advance(Duration.ofMillis(1));
        assertThat(link.out()).isEqualTo("<ENQ>");
        assertThat(link.in(E1381.ACK).out()).isEqualTo("[F1]");
        assertThat(outcome).isNotDone();
    }

    @Test
    void failsAfterSixNakedBids() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        CompletableFuture<SendOutcome> outcome = link.handler.send(ORDER);
        for (int i = 1; i < 6; i++) {
            assertThat(link.out()).isEqualTo("<ENQ>");
            link.in(E1381.NAK).advance(Duration.ofSeconds(10));
        }
        assertThat(link.out()).isEqualTo("<ENQ>");
        link.in(E1381.NAK);

        assertThat(outcome).isCompletedWithValue(new SendOutcome(SendOutcome.Result.ESTABLISHMENT_REFUSED, 0));
        link.advance(Duration.ofSeconds(60));
        assertThat(link.out()).isEmpty();
        assertThat(link.in(E1381.ENQ).out()).as("the line is neutral again").isEqualTo("<ACK>");
    }

    @Test
    void resendsFrameOnNak() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        CompletableFuture<SendOutcome> outcome = link.handler.send(ORDER);
        link.out();
        assertThat(link.in(E1381.ACK).out()).isEqualTo("[F1]");
        assertThat(link.in(E1381.NAK).out()).isEqualTo("[F1]");
        assertThat(link.in(E1381.ACK).out()).isEqualTo("[F2]");
        assertThat(link.in(E1381.NAK).out()).isEqualTo("[F2]");
        assertThat(link.in(E1381.ACK).in(E1381.ACK).out()).isEqualTo("[F3]<EOT>");
        assertThat(outcome.join().delivered()).isTrue();
    }

    @Test
    void sendsEotAndFailsWhenAFrameIsRefusedSixTimes() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        CompletableFuture<SendOutcome> outcome = link.handler.send(ORDER);
        link.out();
        assertThat(link.in(E1381.ACK).out()).isEqualTo("[F1]");
        for (int i = 1; i < 6; i++) {
            assertThat(link.in(E1381.NAK).out()).isEqualTo("[F1]");
        }
        assertThat(link.in(E1381.NAK).out()).isEqualTo("<EOT>");
        assertThat(outcome).isCompletedWithValue(new SendOutcome(SendOutcome.Result.FRAME_REFUSED, 0));
    }

    @Test
    void hostYieldsOnContentionReceivesThenSendsItsOwn() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        CompletableFuture<SendOutcome> outcome = link.handler.send(ORDER);
        assertThat(link.out()).isEqualTo("<ENQ>");

        assertThat(link.in(E1381.ENQ).out()).as("contention: the host stops bidding").isEmpty();
        link.advance(Duration.ofSeconds(1));
        assertThat(link.out()).isEmpty();
        assertThat(link.in(E1381.ENQ).out()).as("the instrument bids again").isEqualTo("<ACK>");
        assertThat(link.in(frame(1, "H|\\^&|||C111\r", true)).out()).isEqualTo("<ACK>");
        assertThat(link.in(frame(2, "L|1|N\r", true)).out()).isEqualTo("<ACK>");
        assertThat(outcome).isNotDone();

        assertThat(link.in(E1381.EOT).out()).as("after the instrument's EOT the host bids").isEqualTo("<ENQ>");
        assertThat(text((ReceivedMessage) link.upstream())).isEqualTo("H|\\^&|||C111\rL|1|N\r");
        link.in(E1381.ACK).in(E1381.ACK).in(E1381.ACK).in(E1381.ACK);
        assertThat(link.out()).isEqualTo("[F1][F2][F3]<EOT>");
        assertThat(outcome.join().delivered()).isTrue();
    }

    @Test
    void hostBidsAgainWhenTheInstrumentNeverFollowsUpContention() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        link.handler.send(ORDER);
        link.out();
        link.in(E1381.ENQ);
        link.advance(Duration.ofSeconds(19));
        assertThat(link.out()).isEmpty();
        link.advance(Duration.ofSeconds(1));
        assertThat(link.out()).isEqualTo("<ENQ>");
    }

    @Test
    void instrumentPriorityBidsAgainAfterOneSecond() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS.withContentionPriority(ContentionPriority.INSTRUMENT));
        CompletableFuture<SendOutcome> outcome = link.handler.send(ORDER);
        assertThat(link.out()).isEqualTo("<ENQ>");
        assertThat(link.in(E1381.ENQ).out()).isEmpty();
        link.advance(Duration.ofMillis(999));
        assertThat(link.out()).isEmpty();
        link.advance(Duration.ofMillis(1));
        assertThat(link.out()).isEqualTo("<ENQ>");
        assertThat(link.in(E1381.ACK).out()).isEqualTo("[F1]");
        assertThat(outcome).isNotDone();
    }

    @Test
    void reportsReceiverInterrupt() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        CompletableFuture<SendOutcome> outcome = link.handler.send(ORDER);
        link.out();
        assertThat(link.in(E1381.ACK).out()).isEqualTo("[F1]");
        assertThat(link.in(E1381.EOT).out()).isEqualTo("<EOT>");
        assertThat(outcome).isCompletedWithValue(new SendOutcome(SendOutcome.Result.INTERRUPTED, 1));
    }

    @Test
    void sendsEotAndFailsWhenNoReplyToEnq() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        CompletableFuture<SendOutcome> outcome = link.handler.send(ORDER);
        link.out();
        link.advance(Duration.ofSeconds(15));
        assertThat(link.out()).isEqualTo("<EOT>");
        assertThat(outcome).isCompletedWithValue(new SendOutcome(SendOutcome.Result.ESTABLISHMENT_TIMEOUT, 0));
    }

    @Test
    void sendsEotAndFailsWhenNoReplyToFrame() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        CompletableFuture<SendOutcome> outcome = link.handler.send(ORDER);
        link.out();
        link.in(E1381.ACK).in(E1381.ACK).out();
        link.advance(Duration.ofSeconds(15));
        assertThat(link.out()).isEqualTo("<EOT>");
        assertThat(outcome).isCompletedWithValue(new SendOutcome(SendOutcome.Result.FRAME_TIMEOUT, 1));
    }

    @Test
    void queuesMessagesAndSendsThemOneAfterAnother() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        CompletableFuture<SendOutcome> first = link.handler.send(List.of(ascii("L|1|N\r")));
        CompletableFuture<SendOutcome> second = link.handler.send(List.of(ascii("L|1|N\r")));
        assertThat(link.out()).isEqualTo("<ENQ>");
        assertThat(link.in(E1381.ACK).in(E1381.ACK).out()).isEqualTo("[F1]<EOT><ENQ>");
        assertThat(first.join().delivered()).isTrue();
        assertThat(link.in(E1381.ACK).in(E1381.ACK).out()).isEqualTo("[F1]<EOT>");
        assertThat(second.join().delivered()).isTrue();
    }

    @Test
    void failsPendingSendsWhenTheChannelCloses() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        CompletableFuture<SendOutcome> outcome = link.handler.send(ORDER);
        link.out();
        link.close();
        assertThat(outcome).isCompletedWithValue(new SendOutcome(SendOutcome.Result.CHANNEL_CLOSED, 0));
        link = null;
    }

    /** Moves bytes between two embedded links until neither writes anything. */
    private record RawPipe(LinkTestSupport a, LinkTestSupport b) {
        void run() {
            for (int round = 0; round < 100; round++) {
                byte[] ab = a.rawOut();
                byte[] ba = b.rawOut();
                if (ab.length == 0 && ba.length == 0) {
                    return;
                }
                b.in(ab);
                a.in(ba);
            }
            throw new AssertionError("links did not settle");
        }
    }
}
