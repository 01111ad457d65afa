package org.medbroker.connectors.astm.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medbroker.connectors.astm.codec.CodecTestSupport.ascii;
import static org.medbroker.connectors.astm.codec.CodecTestSupport.decode;
import static org.medbroker.connectors.astm.codec.CodecTestSupport.encode;
import static org.medbroker.connectors.astm.codec.CodecTestSupport.frame;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class E1381FrameEncoderTest {

    private static final E1381FrameEncoder ENCODER = E1381FrameEncoder.STANDARD;

    private static byte[] record(int length) {
        StringBuilder sb = new StringBuilder("R|1|^^^WBC|");
        while (sb.length() < length - 1) {
            sb.append((char) ('A' + sb.length() % 26));
        }
        return ascii(sb.append('\r').toString());
    }

    @Test
    void writesTheFrameOfClause6() {
        assertThat(encode(ENCODER, List.of(AstmFrame.of(1, ascii("L|1|N\r"), true)))).isEqualTo(frame(1, "L|1|N\r", true));
        assertThat(new String(encode(ENCODER, List.of(AstmFrame.of(7, ascii("H|\\^&\r"), false))), 0, 2))
                .isEqualTo("\u00027");
    }

    @Test
    void splitsA600CharacterRecordAndTheReceiverJoinsIt() {
        byte[] record = record(600);
        List<AstmFrame> frames = ENCODER.split(record, 1);

        assertThat(frames).extracting(AstmFrame::textLength).containsExactly(247, 247, 106);
        assertThat(frames).extracting(AstmFrame::last).containsExactly(false, false, true);

        List<E1381Event> events = decode(E1381FrameDecoder::strict, encode(ENCODER, frames));
        assertThat(events).isEqualTo(frames);

        E1381FrameJoiner joiner = new E1381FrameJoiner(64 * 1024);
        assertThat(joiner.accept((AstmFrame) events.get(0))).isEqualTo(E1381FrameJoiner.Pending.INSTANCE);
        assertThat(joiner.accept((AstmFrame) events.get(1))).isEqualTo(E1381FrameJoiner.Pending.INSTANCE);
        assertThat(joiner.accept((AstmFrame) events.get(2))).isEqualTo(new E1381FrameJoiner.Joined(record));
        assertThat(joiner.idle()).isTrue();
    }

    @Test
    void numbersFramesOneToSevenThenZeroOverMoreThanEightFrames() {
        List<AstmFrame> frames = ENCODER.split(record(247 * 10), 1);

        assertThat(frames).extracting(AstmFrame::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 0, 1, 2);
        assertThat(decode(E1381FrameDecoder::strict, encode(ENCODER, frames))).isEqualTo(frames);
        assertThat(E1381.nextFrameNumber(7)).isZero();
    }

    @Test
    void roundTripsEveryFrameNumberAndLength() {
        for (int number : IntStream.rangeClosed(0, 7).toArray()) {
            for (int length : new int[] {0, 1, 246, 247}) {
                AstmFrame f = AstmFrame.of(number, ascii("x".repeat(length)), length % 2 == 0);
                assertThat(decode(E1381FrameDecoder::strict, encode(ENCODER, List.of(f)))).containsExactly(f);
            }
        }
    }

    @Test
    void refusesNonStandardFrames() {
        assertThatThrownBy(() -> ENCODER.write(AstmFrame.of(1, new byte[248], true), io.netty.buffer.Unpooled.buffer()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ENCODER.split(ascii("a\nb\r"), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ENCODER.split(ascii("a\r"), 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new E1381FrameEncoder(248)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void joinerReportsRecordOverItsLimitAndIgnoresBadFrames() {
        E1381FrameJoiner joiner = new E1381FrameJoiner(300);
        List<AstmFrame> frames = ENCODER.split(record(600), 1);

        assertThat(joiner.accept(new AstmFrame(1, ascii("x"), true, AstmFrame.Checksum.INVALID, java.util.Set.of())))
                .isEqualTo(E1381FrameJoiner.Pending.INSTANCE);
        joiner.accept(frames.get(0));
        joiner.accept(frames.get(1));
        assertThat(joiner.accept(frames.get(2))).isEqualTo(new E1381FrameJoiner.TooLong(600));
        assertThat(joiner.accept(AstmFrame.of(4, ascii("L|1|N\r"), true))).isEqualTo(new E1381FrameJoiner.Joined(ascii("L|1|N\r")));
    }
}
