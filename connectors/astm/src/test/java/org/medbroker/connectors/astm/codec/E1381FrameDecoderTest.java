package org.medbroker.connectors.astm.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medbroker.connectors.astm.codec.CodecTestSupport.ascii;
import static org.medbroker.connectors.astm.codec.CodecTestSupport.concat;
import static org.medbroker.connectors.astm.codec.CodecTestSupport.decode;
import static org.medbroker.connectors.astm.codec.CodecTestSupport.frame;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class E1381FrameDecoderTest {

    private static final Supplier<E1381FrameDecoder> STRICT = E1381FrameDecoder::strict;
    private static final String HEADER = "H|\\^&|||Analyzer^Unit\r";
    private static final String RESULT = "R|1|^^^WBC|8.13|10*3/uL||N||F\r";

    /** ENQ, noise, a long frame, a bad checksum, an intermediate and an end frame, EOT. */
    private static byte[] session() {
        byte[] bad = frame(2, RESULT, true);
        bad[5] ^= 0x01;
        return concat(new byte[] {E1381.ENQ}, ascii("junk"), frame(1, HEADER, true), bad,
                frame(3, "x".repeat(300), true), frame(4, "P|1|", false), frame(5, "|Doe^John\r", true),
                new byte[] {E1381.EOT});
    }

    @Test
    void decodesFramesControlCharactersAndNoise() {
        List<E1381Event> events = decode(STRICT, session());

        assertThat(events).hasSize(8);
        assertThat(events.get(0)).isEqualTo(AstmControl.ENQ);
        assertThat(events.get(1)).isEqualTo(new NoiseSkipped(4));
        assertThat(events.get(2)).isEqualTo(AstmFrame.of(1, ascii(HEADER), true));
        assertThat(((AstmFrame) events.get(3)).checksum()).isEqualTo(AstmFrame.Checksum.INVALID);
        assertThat(events.get(4)).isEqualTo(new FrameError(FrameError.Reason.TOO_LONG, 1 + 1 + 300 + 1 + 2));
        assertThat(events.get(5)).isEqualTo(AstmFrame.of(4, ascii("P|1|"), false));
        assertThat(events.get(6)).isEqualTo(AstmFrame.of(5, ascii("|Doe^John\r"), true));
        assertThat(events.get(7)).isEqualTo(AstmControl.EOT);
    }

    @Test
    void givesTheSameEventsWhateverTheSplit() {
        byte[] session = session();
        List<E1381Event> whole = decode(STRICT, session);

        for (int i = 1; i < session.length; i++) {
            assertThat(decode(STRICT, Arrays.copyOfRange(session, 0, i), Arrays.copyOfRange(session, i, session.length)))
                    .as("split at %d", i).isEqualTo(whole);
        }
        byte[][] single = new byte[session.length][];
        for (int i = 0; i < session.length; i++) {
            single[i] = new byte[] {session[i]};
        }
        assertThat(decode(STRICT, single)).isEqualTo(whole);
    }

    @Test
    void flippedBitGivesFailedResultAndNoException() {
        String text = "H|\\^&|||Analyzer^Unit^Lab\r";
        byte[] good = frame(1, text, true);
        byte[] next = frame(2, RESULT, true);
        // every bit of FN, text and ETX; the checksum digits are left alone (a case flip there is a valid lower-case checksum)
        for (int i = 1; i < good.length - 4; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = good.clone();
                flipped[i] ^= (byte) (1 << bit);

                List<E1381Event> events = decode(STRICT, flipped, next);

                assertThat(events).as("byte %d bit %d", i, bit).isNotEmpty();
                assertThat(events.get(events.size() - 1)).as("recovers").isEqualTo(AstmFrame.of(2, ascii(RESULT), true));
                assertThat(events.subList(0, events.size() - 1)).as("byte %d bit %d", i, bit)
                        .noneMatch(e -> e instanceof AstmFrame f && f.checksum() == AstmFrame.Checksum.VALID);
            }
        }
    }

    @Test
    void nonHexChecksumIsInvalid() {
        byte[] bytes = frame(1, HEADER, true);
        bytes[bytes.length - 4] = 'G';

        assertThat(decode(STRICT, bytes)).singleElement()
                .satisfies(e -> assertThat(((AstmFrame) e).checksum()).isEqualTo(AstmFrame.Checksum.INVALID));
    }

    @Test
    void discardsOversizedFrameThenRecovers() {
        byte[] oversized = frame(1, "A".repeat(248), true);
        List<E1381Event> events = decode(STRICT, oversized, frame(2, RESULT, true));

        assertThat(events).containsExactly(new FrameError(FrameError.Reason.TOO_LONG, oversized.length - 2),
                AstmFrame.of(2, ascii(RESULT), true));
    }

    @Test
    void lenientDecoderAcceptsLongFrameAndFlagsIt() {
        String text = "A".repeat(5000);
        List<E1381Event> events = decode(() -> E1381FrameDecoder.lenient(8192), frame(1, text, true));

        assertThat(events).containsExactly(new AstmFrame(1, ascii(text), true, AstmFrame.Checksum.VALID,
                Set.of(FrameDeviation.TEXT_OVER_STANDARD_LENGTH)));
    }

    @Test
    void lenientDecoderStillDiscardsAboveItsMaximum() {
        List<E1381Event> events = decode(() -> E1381FrameDecoder.lenient(1000), frame(1, "A".repeat(1001), true),
                frame(2, RESULT, true));

        assertThat(events.get(0)).isInstanceOf(FrameError.class);
        assertThat(events.get(1)).isEqualTo(AstmFrame.of(2, ascii(RESULT), true));
    }

    @Test
    void acceptsLowerCaseChecksumAndMissingOrPartialTrailer() {
        byte[] lower = frame(1, "L|1|N\r", true);
        for (int i = lower.length - 4; i < lower.length - 2; i++) {
            lower[i] = (byte) Character.toLowerCase(lower[i]);
        }
        byte[] noLf = Arrays.copyOf(frame(2, HEADER, true), frame(2, HEADER, true).length - 1);
        byte[] lfOnly = frame(3, HEADER, true);
        lfOnly[lfOnly.length - 2] = E1381.LF;

        List<E1381Event> events = decode(STRICT, lower, noLf, lfOnly);

        assertThat(events).hasSize(3).allMatch(e -> ((AstmFrame) e).checksum() == AstmFrame.Checksum.VALID);
        String checksum = new String(lower, lower.length - 4, 2);
        assertThat(((AstmFrame) events.get(0)).deviations())
                .isEqualTo(checksum.chars().anyMatch(Character::isLetter)
                        ? Set.of(FrameDeviation.LOWER_CASE_CHECKSUM) : Set.of());
    }

    @Test
    void restartsFrameOnStxAndReportsTheInterruptedOne() {
        byte[] cut = Arrays.copyOf(frame(1, HEADER, true), 8);

        assertThat(decode(STRICT, cut, frame(1, HEADER, true)))
                .containsExactly(new FrameError(FrameError.Reason.INTERRUPTED, 8), AstmFrame.of(1, ascii(HEADER), true));
    }

    @Test
    void eotInsideFrameEndsItAndIsReported() {
        byte[] cut = Arrays.copyOf(frame(1, HEADER, true), 6);

        assertThat(decode(STRICT, cut, new byte[] {E1381.EOT}))
                .containsExactly(new FrameError(FrameError.Reason.INTERRUPTED, 6), AstmControl.EOT);
    }

    @Test
    void reportsBadFrameNumberAndSkipsTheFrame() {
        byte[] bad = frame(1, HEADER, true);
        bad[1] = '9';

        assertThat(decode(STRICT, bad, frame(2, RESULT, true)))
                .containsExactly(new FrameError(FrameError.Reason.BAD_FRAME_NUMBER, bad.length - 2),
                        AstmFrame.of(2, ascii(RESULT), true));
    }

    @Test
    void reportsFrameTruncatedByTheEndOfTheConnection() {
        assertThat(decode(STRICT, Arrays.copyOf(frame(1, HEADER, true), 10)))
                .containsExactly(new FrameError(FrameError.Reason.TRUNCATED, 10));
    }

    @Test
    void plainModeReadsStxEtxBlocksWithoutNumberOrChecksum() {
        byte[] bytes = concat(new byte[] {E1381.STX}, ascii("24/10/29 Na 131 mmol/L"), new byte[] {E1381.ETX, E1381.LF},
                new byte[] {E1381.STX}, ascii("second"), new byte[] {E1381.ETX});

        assertThat(decode(() -> new E1381FrameDecoder(FramingMode.PLAIN, 247, 4096), bytes)).containsExactly(
                new AstmFrame(AstmFrame.NO_NUMBER, ascii("24/10/29 Na 131 mmol/L"), true, AstmFrame.Checksum.ABSENT, Set.of()),
                new AstmFrame(AstmFrame.NO_NUMBER, ascii("second"), true, AstmFrame.Checksum.ABSENT, Set.of()));
    }

    @Test
    void flagsLineFeedInText() {
        assertThat(decode(STRICT, frame(1, "H|\\^&\r\n", true))).singleElement()
                .satisfies(e -> assertThat(((AstmFrame) e).deviations()).containsExactly(FrameDeviation.LINE_FEED_IN_TEXT));
    }

    @Test
    void neverThrowsOnRandomBytesAndStaysSplitInvariant() {
        java.util.Random random = new java.util.Random(1381);
        byte[] alphabet = {E1381.STX, E1381.ETX, E1381.ETB, E1381.EOT, E1381.ENQ, E1381.ACK, E1381.NAK, E1381.CR,
                E1381.LF, '0', '1', '7', '9', 'A', 'f', '|', 'x'};
        for (int run = 0; run < 200; run++) {
            byte[] bytes = new byte[random.nextInt(400)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            List<E1381Event> whole = decode(() -> new E1381FrameDecoder(FramingMode.E1381, 16, 32), bytes);
            int cut = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            assertThat(decode(() -> new E1381FrameDecoder(FramingMode.E1381, 16, 32),
                    Arrays.copyOfRange(bytes, 0, cut), Arrays.copyOfRange(bytes, cut, bytes.length))).isEqualTo(whole);
        }
    }

    @Test
    void frameToStringHidesText() {
        assertThat(AstmFrame.of(1, ascii("P|1||Doe^John\r"), true).toString()).doesNotContain("Doe");
    }
}
