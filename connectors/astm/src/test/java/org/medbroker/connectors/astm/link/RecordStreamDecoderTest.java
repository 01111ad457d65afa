package org.medbroker.connectors.astm.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordStreamDecoderTest {

    private static final String MESSAGE = "H|\\^&\rP|1\rO|1|S1\rR|1|^^^WBC|5.1\rL|1|N\r";

    @Test
    void cutsMessagesAtTheirLRecordWhateverTheLineEndsAndTheSplit() {
        String wire = MESSAGE.replace("\r", "\r\n") + MESSAGE.replace("\r", "\n");
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        for (int split = 1; split < bytes.length; split++) {
            EmbeddedChannel channel = new EmbeddedChannel(new RecordStreamDecoder(false, 1 << 20));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
            for (int i = 0; i < 2; i++) {
                ReceivedMessage m = channel.readInbound();
                assertThat(new String(m.records(), StandardCharsets.ISO_8859_1)).as("split at %d", split).isEqualTo(MESSAGE);
                assertThat(m.incomplete()).isFalse();
            }
            assertThat((Object) channel.readInbound()).isNull();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aMessageCutByTheConnectionIsFlaggedIncomplete() {
        EmbeddedChannel channel = new EmbeddedChannel(new RecordStreamDecoder(false, 1 << 20));
        channel.writeInbound(Unpooled.wrappedBuffer("H|\\^&\rP|1\rO|1".getBytes(StandardCharsets.ISO_8859_1)));
        channel.finish();
        ReceivedMessage m = channel.readInbound();
        assertThat(m.incomplete()).isTrue();
        assertThat(new String(m.records(), StandardCharsets.ISO_8859_1)).isEqualTo("H|\\^&\rP|1\rO|1\r");
    }

    @Test
    void oversizedMessageIsFlaggedAndTheNextOneIsWhole() {
        EmbeddedChannel channel = new EmbeddedChannel(new RecordStreamDecoder(false, 16));
        channel.writeInbound(Unpooled.wrappedBuffer(("H|\\^&\rR|1|^^^WBC|5.1|long long long\rL|1|N\rH|\\^&\rL|1\r")
                .getBytes(StandardCharsets.ISO_8859_1)));
        ReceivedMessage first = channel.readInbound();
        assertThat(first.incomplete()).isTrue();
        ReceivedMessage second = channel.readInbound();
        assertThat(second.incomplete()).isFalse();
        assertThat(new String(second.records(), StandardCharsets.ISO_8859_1)).isEqualTo("H|\\^&\rL|1\r");
        channel.finishAndReleaseAll();
    }

    @Test
    void mllpBlocksAreMessagesAndNoiseBetweenThemIsSkipped() {
        EmbeddedChannel channel = new EmbeddedChannel(new RecordStreamDecoder(true, 1 << 20));
        channel.writeInbound(Unpooled.wrappedBuffer(("xx\u000b" + MESSAGE + "\u001c\r\u000bH|\\^&\rL|1\u001c\r")
                .getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(new String(((ReceivedMessage) channel.readInbound()).records(), StandardCharsets.ISO_8859_1)).isEqualTo(MESSAGE);
        assertThat(new String(((ReceivedMessage) channel.readInbound()).records(), StandardCharsets.ISO_8859_1))
                .isEqualTo("H|\\^&\rL|1\r");
        channel.finishAndReleaseAll();
    }
}
