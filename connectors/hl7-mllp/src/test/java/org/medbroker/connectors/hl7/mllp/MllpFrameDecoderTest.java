package org.medbroker.connectors.hl7.mllp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MLLP decoder on an {@link EmbeddedChannel}: no sockets, no sleeps. Every buffer a test writes
 * is checked to be released once the channel is finished (run with paranoid leak detection).
 */
class MllpFrameDecoderTest {

    private static final int LIMIT = 64 * 1024;
    private static final String ORU = "MSH|^~\\&|LAB|HOSP|MB|MB|20250101120000||ORU^R01^ORU_R01|MSG1|P|2.5.1\r"
            + "PID|1||12345^^^HOSP^MR||DOE^JANE||19700101|F\r"
            + "OBX|1|NM|718-7^Hemoglobin^LN||14.3|g/dL|13.5-17.5|N|||F\r";
    private static final String SHORT = "MSH|^~\\&|LAB|HOSP|MB|MB|20250101||ACK|S1|P|2.5.1\r";
    private static final String ADT = "MSH|^~\\&|ADT|HOSP|MB|MB|20250101120001||ADT^A01^ADT_A01|MSG2|P|2.3\r"
            + "PID|1||67890^^^HOSP^MR||ИВАНОВА^МАРИЯ||19800202|F\r";

    @Test
    void decodesOneBlock() {
        assertThat(decode(LIMIT, framed(ORU))).containsExactly(block(ORU));
    }

    @Test
    void decodesPipelinedBlocksFromOneWrite() {
        String third = ORU.replace("MSG1", "MSG3");
        assertThat(decode(LIMIT, concat(framed(ORU), framed(ADT), framed(third))))
                .containsExactly(block(ORU), block(ADT), block(third));
    }

    @Test
    void yieldsTheSameBlocksWhereverTheStreamIsSplit() {
        byte[] stream = concat(framed(ORU), framed(ADT));
        for (int split = 0; split <= stream.length; split++) {
            List<String> frames = decode(LIMIT, Arrays.copyOfRange(stream, 0, split), Arrays.copyOfRange(stream, split, stream.length));
            assertThat(frames).as("split at byte %d", split).containsExactly(block(ORU), block(ADT));
        }
    }

    @Test
    void yieldsTheSameBlocksWhenFedOneByteAtATime() {
        byte[] stream = concat(framed(ORU), framed(ADT));
        byte[][] bytes = new byte[stream.length][];
        for (int i = 0; i < stream.length; i++) {
            bytes[i] = new byte[] {stream[i]};
        }
        assertThat(decode(LIMIT, bytes)).containsExactly(block(ORU), block(ADT));
    }

    @Test
    void roundTripsThroughTheEncoder() {
        EmbeddedChannel encoder = new EmbeddedChannel(MllpFrameEncoder.INSTANCE);
        assertThat(encoder.writeOutbound(ADT.getBytes(UTF_8))).isTrue();
        ByteBuf encoded = encoder.readOutbound();
        byte[] wire = new byte[encoded.readableBytes()];
        encoded.readBytes(wire);
        encoded.release();
        assertThat(encoder.finish()).isFalse();

        assertThat(wire).isEqualTo(framed(ADT));
        List<MllpFrame> frames = decodeFrames(LIMIT, wire);
        assertThat(frames).hasSize(1);
        assertThat(new String(((MllpFrame.Block) frames.get(0)).content(), UTF_8)).isEqualTo(ADT);
    }

    @Test
    void reportsGarbageBeforeAndBetweenBlocksAsOutOfBandAndStillDecodesTheBlocks() {
        byte[] stream = concat(ascii("noise"), framed(ORU), ascii("\r\n xx"), framed(ADT));
        assertThat(decode(LIMIT, stream))
                .containsExactly(outOfBand(5), block(ORU), outOfBand(5), block(ADT));
    }

    @Test
    void reportsTrailingGarbageWithoutWaitingForAnotherBlock() {
        assertThat(decode(LIMIT, concat(framed(ORU), ascii("junk")))).containsExactly(block(ORU), outOfBand(4));
    }

    @Test
    void restartsTheBlockAtAVtInsideABlock() {
        String abandoned = "MSH|^~\\&|LAB|HOSP|MB|MB|2025";
        byte[] stream = concat(new byte[] {MllpFrameDecoder.VT}, ascii(abandoned), framed(ORU));
        assertThat(decode(LIMIT, stream)).containsExactly(outOfBand(abandoned.length() + 1), block(ORU));
    }

    @Test
    void endsABlockAtFsWithoutCr() {
        byte[] first = concat(new byte[] {MllpFrameDecoder.VT}, ascii(ORU), new byte[] {MllpFrameDecoder.FS});
        assertThat(decode(LIMIT, concat(first, framed(ADT)))).containsExactly(block(ORU), block(ADT));
    }

    @Test
    void reportsLfAfterFsCrAsOutOfBandAndKeepsTheBlocks() {
        byte[] stream = concat(framed(ORU), ascii("\n"), framed(ADT), ascii("\n"));
        assertThat(decode(LIMIT, stream)).containsExactly(block(ORU), outOfBand(1), block(ADT), outOfBand(1));
    }

    @Test
    void reportsATooLongBlockWithItsHeadThenDecodesTheNextBlock() {
        String big = ORU + "NTE|1||" + "x".repeat(10_000) + "\r";
        List<MllpFrame> frames = decodeFrames(1024, concat(framed(big), framed(ADT)));

        assertThat(frames).hasSize(2);
        MllpFrame.TooLong tooLong = (MllpFrame.TooLong) frames.get(0);
        assertThat(tooLong.totalBytes()).isEqualTo(big.length());
        assertThat(tooLong.head()).hasSize(4096);
        assertThat(new String(tooLong.head(), ISO_8859_1)).startsWith("MSH|^~\\&|LAB|HOSP");
        assertThat(describe(frames.get(1))).isEqualTo(block(ADT));
    }

    @Test
    void reportsATooLongBlockArrivingInChunksThenDecodesTheNextBlock() {
        String big = ORU + "NTE|1||" + "x".repeat(10_000) + "\r";
        byte[] stream = concat(framed(big), framed(ADT));
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < stream.length; i += 100) {
            chunks.add(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + 100)));
        }
        List<MllpFrame> frames = decodeFrames(1024, chunks.toArray(byte[][]::new));

        assertThat(frames).hasSize(2);
        MllpFrame.TooLong tooLong = (MllpFrame.TooLong) frames.get(0);
        assertThat(tooLong.totalBytes()).isEqualTo(big.length());
        assertThat(new String(tooLong.head(), ISO_8859_1)).startsWith("MSH|^~\\&|LAB|HOSP");
        assertThat(describe(frames.get(1))).isEqualTo(block(ADT));
    }

    @Test
    void yieldsTheSameTooLongReportWhereverTheStreamIsSplit() {
        String big = ORU + "NTE|1||" + "y".repeat(300) + "\r";
        byte[] stream = concat(framed(big), framed(SHORT));
        for (int split = 0; split <= stream.length; split++) {
            List<String> frames = decode(200, Arrays.copyOfRange(stream, 0, split), Arrays.copyOfRange(stream, split, stream.length));
            assertThat(frames).as("split at byte %d", split).containsExactly("TooLong(" + big.length() + ")", block(SHORT));
        }
    }

    @Test
    void treatsAVtInsideADiscardedBlockAsARestart() {
        String big = "MSH|^~\\&|" + "z".repeat(500);
        byte[] stream = concat(new byte[] {MllpFrameDecoder.VT}, ascii(big), framed(SHORT));
        byte[][] chunks = {Arrays.copyOfRange(stream, 0, 300), Arrays.copyOfRange(stream, 300, stream.length)};
        assertThat(decode(100, chunks)).containsExactly(outOfBand(big.length() + 1), block(SHORT));
    }

    @Test
    void acceptsABlockOfExactlyTheLimit() {
        String exact = "MSH|^~\\&|" + "a".repeat(91);
        assertThat(exact).hasSize(100);
        byte[] stream = framed(exact);
        assertThat(decode(100, Arrays.copyOfRange(stream, 0, 101), Arrays.copyOfRange(stream, 101, stream.length)))
                .containsExactly(block(exact));
    }

    @Test
    void neverThrowsOnAFlippedBitAndTheFollowingBlockSurvives() {
        String last = ORU.replace("MSG1", "LAST");
        byte[] damaged = concat(framed(ORU), framed(ADT));
        for (int bit = 0; bit < damaged.length * 8; bit++) {
            byte[] copy = damaged.clone();
            copy[bit / 8] ^= (byte) (1 << (bit % 8));
            List<String> frames = decode(LIMIT, concat(copy, framed(last)));
            assertThat(frames).as("bit %d flipped", bit).endsWith(block(last));
        }
    }

    @Test
    void dropsAnUnfinishedBlockWhenTheChannelCloses() {
        byte[] partial = Arrays.copyOfRange(framed(ORU), 0, 40);
        assertThat(decode(LIMIT, concat(framed(ADT), partial))).containsExactly(block(ADT));
    }

    // ---- helpers ----

    /** Feeds the chunks, finishes the channel and checks every written buffer was released. */
    private static List<MllpFrame> decodeFrames(int maxBlockBytes, byte[]... chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(new MllpFrameDecoder(maxBlockBytes));
        List<ByteBuf> written = new ArrayList<>();
        for (byte[] chunk : chunks) {
            ByteBuf buf = Unpooled.buffer(chunk.length).writeBytes(chunk);
            written.add(buf);
            channel.writeInbound(buf);
        }
        channel.finish();
        List<MllpFrame> frames = new ArrayList<>();
        for (Object frame; (frame = channel.readInbound()) != null; ) {
            frames.add((MllpFrame) frame);
        }
        assertThat(written).allSatisfy(buf -> assertThat(buf.refCnt()).as("input buffer released").isZero());
        return frames;
    }

    private static List<String> decode(int maxBlockBytes, byte[]... chunks) {
        return decodeFrames(maxBlockBytes, chunks).stream().map(MllpFrameDecoderTest::describe).toList();
    }

    /** Frames as comparable text (records compare byte arrays by identity). */
    private static String describe(MllpFrame frame) {
        if (frame instanceof MllpFrame.Block b) {
            return block(new String(b.content(), UTF_8));
        }
        if (frame instanceof MllpFrame.OutOfBand o) {
            return outOfBand(o.discardedBytes());
        }
        return "TooLong(" + ((MllpFrame.TooLong) frame).totalBytes() + ")";
    }

    private static String block(String content) {
        return "Block[" + content.replace("\r", "<CR>") + "]";
    }

    private static String outOfBand(int bytes) {
        return "OutOfBand(" + bytes + ")";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(ISO_8859_1);
    }

    private static byte[] framed(String message) {
        byte[] content = message.getBytes(UTF_8);
        byte[] frame = new byte[content.length + 3];
        frame[0] = MllpFrameDecoder.VT;
        System.arraycopy(content, 0, frame, 1, content.length);
        frame[content.length + 1] = MllpFrameDecoder.FS;
        frame[content.length + 2] = MllpFrameDecoder.CR;
        return frame;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
