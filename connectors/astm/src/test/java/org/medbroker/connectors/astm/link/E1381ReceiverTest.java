package org.medbroker.connectors.astm.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medbroker.connectors.astm.link.LinkTestSupport.frame;
import static org.medbroker.connectors.astm.link.LinkTestSupport.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medbroker.connectors.astm.codec.E1381;
import org.medbroker.connectors.astm.record.AstmMessage;
import org.medbroker.connectors.astm.record.E1394Parser;
import org.medbroker.connectors.astm.record.ParseResult;

/** The broker as receiver (E1381 6.2 to 6.4): what it answers and what it hands up. */
class E1381ReceiverTest {

    private static final String HEADER = "H|\\^&|||TEST\r";
    private static final String TERMINATOR = "L|1|N\r";

    private LinkTestSupport link;

    @AfterEach
    void close() {
        if (link != null) {
            link.close();
        }
    }

    @Test
    void acksEveryFrameOfCobasCaptureAndDeliversItOnce() throws IOException {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        List<byte[]> frames = framesOf("cobas_c111.txt");
        assertThat(frames).hasSize(7);

        assertThat(link.in(E1381.ENQ).out()).isEqualTo("<ACK>");
        for (byte[] f : frames) {
            assertThat(link.in(f).out()).isEqualTo("<ACK>");
        }
        assertThat(link.upstream()).as("nothing before EOT").isNull();
        assertThat(link.in(E1381.EOT).out()).isEmpty();

        ReceivedMessage received = (ReceivedMessage) link.upstream();
        assertThat(received.incomplete()).isFalse();
        assertThat(received.frames()).isEqualTo(7);
        AstmMessage m = parse(received);
        assertThat(m.result("413").value()).isEqualTo("40.13");
        assertThat(m.result("413").units()).isEqualTo("g/L");
        assertThat(m.terminator().code()).isEqualTo("N");
        assertThat(link.upstream()).as("delivered once").isNull();
    }

    @Test
    void acceptsYumizenBrokenFrameCycleWhenLenient() throws IOException {
        List<byte[]> frames = framesOf("yumizen_h500.txt");

        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS.withLenientFrameNumbers(true));
        link.in(E1381.ENQ).out();
        for (byte[] f : frames) {
            assertThat(link.in(f).out()).isEqualTo("<ACK>");
        }
        link.in(E1381.EOT);
        ReceivedMessage received = (ReceivedMessage) link.upstream();
        assertThat(received.incomplete()).isFalse();
        assertThat(received.frames()).isEqualTo(31);
        assertThat(parse(received).result("WBC").value()).isEqualTo("8.30");
    }

    @Test
    void naksYumizenBrokenFrameCycleWhenStrict() throws IOException {
        List<byte[]> frames = framesOf("yumizen_h500.txt");
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        link.in(E1381.ENQ).out();
        StringBuilder answers = new StringBuilder();
        for (byte[] f : frames) {
            answers.append(link.in(f).out());
        }
        assertThat(answers.toString()).contains("<NAK>");
    }

    @Test
    void naksFrameWithBadChecksumAndAcceptsRetransmission() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        link.in(E1381.ENQ).out();

        assertThat(link.in(frame(1, HEADER, true, true)).out()).isEqualTo("<NAK>");
        assertThat(link.in(frame(1, HEADER, true)).out()).isEqualTo("<ACK>");
        assertThat(link.in(frame(2, TERMINATOR, true)).out()).isEqualTo("<ACK>");
        link.in(E1381.EOT);

        ReceivedMessage received = (ReceivedMessage) link.upstream();
        assertThat(text(received)).isEqualTo(HEADER + TERMINATOR);
        assertThat(received.incomplete()).isFalse();
    }

    @Test
    void naksFrameErrorAndUnexpectedFrameNumber() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        link.in(E1381.ENQ).out();

        assertThat(link.in(frame(3, HEADER, true)).out()).as("frame 3 where 1 is expected").isEqualTo("<NAK>");
        assertThat(link.in(LinkTestSupport.ascii("\u00029H|\u000300\r\n")).out()).as("not a frame number").isEqualTo("<NAK>");
        assertThat(link.in(frame(1, HEADER, true)).out()).isEqualTo("<ACK>");
    }

    @Test
    void acksRepeatedFrameNumberAndJoinsItOnce() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        link.in(E1381.ENQ).out();

        assertThat(link.in(frame(1, "H|\\^&|", false)).out()).isEqualTo("<ACK>");
        assertThat(link.in(frame(1, "H|\\^&|", false)).out()).as("our ACK was lost: sent again").isEqualTo("<ACK>");
        assertThat(link.in(frame(2, "||TEST\r", true)).out()).isEqualTo("<ACK>");
        assertThat(link.in(frame(2, "||TEST\r", true)).out()).isEqualTo("<ACK>");
        assertThat(link.in(frame(3, TERMINATOR, true)).out()).isEqualTo("<ACK>");
        link.in(E1381.EOT);

        ReceivedMessage received = (ReceivedMessage) link.upstream();
        assertThat(text(received)).isEqualTo(HEADER + TERMINATOR);
        assertThat(received.frames()).isEqualTo(3);
    }

    @Test
    void givesUpAfterSixNaksInARowAndDiscardsThePartialMessage() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        link.in(E1381.ENQ).out();
        assertThat(link.in(frame(1, HEADER, true)).out()).isEqualTo("<ACK>");

        for (int i = 0; i < 6; i++) {
            assertThat(link.in(frame(2, TERMINATOR, true, true)).out()).isEqualTo("<NAK>");
        }
        assertThat(link.in(frame(2, TERMINATOR, true, true)).out()).as("seventh bad frame: no answer").isEmpty();
        assertThat(link.in(E1381.EOT).out()).as("the sender's EOT is taken quietly").isEmpty();
        assertThat(link.upstream()).as("partial message discarded").isNull();

        assertThat(link.in(E1381.ENQ).out()).as("idle again").isEqualTo("<ACK>");
    }

    @Test
    void handsUpPartialMessageFlaggedIncompleteWhenNoFrameArrivesInTime() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        link.in(E1381.ENQ).out();
        link.in(frame(1, HEADER, true)).in(frame(2, "P|1|", false)).out();

        link.advance(Duration.ofSeconds(29));
        assertThat(link.upstream()).isNull();
        link.advance(Duration.ofSeconds(1));

        ReceivedMessage received = (ReceivedMessage) link.upstream();
        assertThat(received.incomplete()).isTrue();
        assertThat(text(received)).as("nothing received is lost").isEqualTo(HEADER + "P|1|");
        assertThat(link.out()).isEmpty();
        assertThat(link.in(E1381.ENQ).out()).as("idle again").isEqualTo("<ACK>");
    }

    @Test
    void frameTimerIsConfigurableAndRestartsWithEachFrame() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS.withTimeouts(E1381Timeouts.STANDARD.withFrameReceive(Duration.ofSeconds(5))));
        link.in(E1381.ENQ).out();
        link.advance(Duration.ofSeconds(4));
        link.in(frame(1, HEADER, true)).out();
        link.advance(Duration.ofSeconds(4));
        assertThat(link.upstream()).isNull();
        link.advance(Duration.ofSeconds(1));
        assertThat(((ReceivedMessage) link.upstream()).incomplete()).isTrue();
    }

    @Test
    void naksEnqWhenBusy() {
        boolean[] busy = {true};
        link = new LinkTestSupport(new E1381LinkHandler("TEST", E1381LinkOptions.DEFAULTS, () -> busy[0],
                org.medbroker.connectors.astm.codec.E1381FrameEncoder.STANDARD));
        assertThat(link.in(E1381.ENQ).out()).isEqualTo("<NAK>");
        busy[0] = false;
        assertThat(link.in(E1381.ENQ).out()).isEqualTo("<ACK>");
    }

    @Test
    void answersEotToFrameOutsideATransfer() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        assertThat(link.in(frame(1, HEADER, true)).out()).isEqualTo("<EOT>");
        assertThat(link.upstream()).isNull();
        assertThat(link.in(E1381.ENQ).out()).isEqualTo("<ACK>");
    }

    @Test
    void handsUpPartialMessageWhenThePeerBidsAgainMidTransfer() {
        link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        link.in(E1381.ENQ).in(frame(1, HEADER, true)).out();
        assertThat(link.in(E1381.ENQ).out()).isEqualTo("<EOT>");
        ReceivedMessage received = (ReceivedMessage) link.upstream();
        assertThat(received.incomplete()).isTrue();
        assertThat(text(received)).isEqualTo(HEADER);
    }

    private static AstmMessage parse(ReceivedMessage received) {
        ParseResult parsed = new E1394Parser().parse(received.records());
        assertThat(parsed).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) parsed).message();
    }

    /** A capture cut at each STX, so each frame can be answered before the next is sent. */
    static List<byte[]> framesOf(String capture) throws IOException {
        byte[] session = Files.readAllBytes(corpus().resolve(capture));
        List<byte[]> frames = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= session.length; i++) {
            if (i == session.length || session[i] == E1381.STX) {
                if (start >= 0) {
                    frames.add(Arrays.copyOfRange(session, start, i));
                }
                start = i;
            }
        }
        return frames;
    }

    /** As {@code AstmCorpusTest} finds it: beside the checkout, or at /work/shared. */
    static Path corpus() {
        Path module = Path.of("").toAbsolutePath();
        List<Path> candidates = List.of(module.resolve("../../../shared/corpus/astm"),
                module.resolve("../../../../shared/corpus/astm"), Path.of("/work/shared/corpus/astm"));
        return candidates.stream().map(Path::normalize).filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new IllegalStateException("ASTM corpus not found; looked in " + candidates));
    }
}
