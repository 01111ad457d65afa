package org.medbroker.connectors.astm.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbroker.connectors.astm.codec.AstmFrame;
import org.medbroker.connectors.astm.codec.E1381;
import org.medbroker.connectors.astm.codec.E1381Event;
import org.medbroker.connectors.astm.codec.E1381FrameDecoder;
import org.medbroker.connectors.astm.codec.E1381FrameJoiner;
import org.medbroker.connectors.astm.codec.FrameDeviation;
import org.medbroker.connectors.astm.codec.FrameError;
import org.medbroker.connectors.astm.codec.FramingMode;
import org.medbroker.connectors.astm.record.AstmMessage;
import org.medbroker.connectors.astm.record.E1394Parser;
import org.medbroker.connectors.astm.record.ParseError;
import org.medbroker.connectors.astm.record.ParseResult;

/**
 * Walks the device captures in {@code shared/corpus/astm}: each session is decoded, its frames joined
 * and parsed, and a few values per device checked. Every capture must have an expectation here, so a
 * new capture fails until someone looks at it.
 */
class AstmCorpusTest {

    /** Leniency the E1394 devices need: whole messages in one frame (Sysmex XN 2608 characters, H500 M records 26 650). */
    private static final int LENIENT_MAX_TEXT = 64 * 1024;

    /**
     * @param mode framing the device uses
     * @param frames frames expected
     * @param oversized frames longer than 247 characters (accepted by the lenient decoder)
     * @param numberBreaks frames whose number does not follow 1..7,0 from the previous one
     * @param checks assertions on the parsed message; {@code null} when the capture is not E1394
     */
    record Expectation(FramingMode mode, int frames, int oversized, int numberBreaks, Consumer<AstmMessage> checks) {
    }

    private static final Map<String, Expectation> EXPECTED = Map.of(
            "sysmex_xn550.txt", new Expectation(FramingMode.E1381, 1, 1, 0, m -> {
                assertThat(m.header().version()).isEqualTo("E1394-97");
                assertThat(m.header().sender().component(0).strip()).isEqualTo("XN-550");
                assertThat(m.patients().get(0).patient().patientId3()).isEqualTo("37182");
                assertThat(m.patients().get(0).patient().birthDate()).isEqualTo("19870626");
                assertThat(m.patients().get(0).patient().sex()).isEqualTo("M");
                assertThat(m.patients().get(0).comments()).hasSize(1);
                assertThat(m.orders().findFirst().orElseThrow().tests()).hasSize(23);
                assertThat(m.results()).hasSize(41);
                assertThat(m.result("WBC").value()).isEqualTo("8.13");
                assertThat(m.result("WBC").units()).isEqualTo("10*3/uL");
                assertThat(m.result("WBC").completedAt()).isEqualTo("20240627135407");
                assertThat(m.result("HCT").abnormalFlags()).isEqualTo("L");
                assertThat(m.result("PLT").value()).isEqualTo("99");
                assertThat(m.result("SCAT_WDF").value()).isEqualTo("PNG\\20240628\\2024_06_27_13_54_27_WDF.PNG");
            }),
            "sysmex_xp100.txt", new Expectation(FramingMode.E1381, 1, 1, 0, m -> {
                assertThat(m.results()).hasSize(20);
                assertThat(m.result("WBC").value().strip()).isEqualTo("5.5");
                assertThat(m.result("MCHC").abnormalFlags()).isEqualTo("H");
                assertThat(m.orders().findFirst().orElseThrow().instrumentSpecimenId().component(2).strip()).isEqualTo("113");
            }),
            "cobas_c111.txt", new Expectation(FramingMode.E1381, 7, 0, 0, m -> {
                assertThat(m.orders().findFirst().orElseThrow().instrumentSpecimenId().first()).isEqualTo("T20 10134GA D28");
                assertThat(m.orders().findFirst().orElseThrow().priority()).isEqualTo("S");
                assertThat(m.result("413").value()).isEqualTo("40.13");
                assertThat(m.result("413").units()).isEqualTo("g/L");
                assertThat(m.patients().get(0).orders().get(0).results().get(0).comments()).hasSize(1);
                assertThat(m.manufacturerRecords()).hasSize(1);
            }),
            "abbott_afinion2.txt", new Expectation(FramingMode.E1381, 1, 0, 0, m -> {
                assertThat(m.result("HbA1c").value()).isEqualTo("5.9");
                assertThat(m.result("HbA1c").units()).isEqualTo("%");
                assertThat(m.result("HbA1c").completedAt()).isEqualTo("20241206140615");
            }),
            "dca_vantage.txt", new Expectation(FramingMode.E1381, 1, 1, 0, m -> {
                assertThat(m.results()).extracting(r -> r.test().code()).containsExactly("Alb", "Crt", "Ratio");
                assertThat(m.result("Alb").value()).isEqualTo("63.7");
                assertThat(m.result("Crt").units()).isEqualTo("mg/dL");
                assertThat(m.result("Ratio").value()).isEqualTo("27.6");
                assertThat(m.patients().get(0).orders().get(0).results()).extracting(r -> r.comments().size()).containsExactly(1, 1, 0);
            }),
            "yumizen_h500.txt", new Expectation(FramingMode.E1381, 31, 3, 4, m -> {
                assertThat(m.header().processingId()).isEqualTo("Q");
                assertThat(m.header().version()).isEqualTo("LIS2-A2");
                assertThat(m.results()).hasSize(21);
                assertThat(m.result("WBC").value()).isEqualTo("8.30");
                assertThat(m.result("WBC").referenceRange()).isEqualTo("7.30 - 9.30");
                assertThat(m.result("PLT").value()).isEqualTo("308");
                assertThat(m.patients().get(0).orders().get(0).comments()).hasSize(2);
                assertThat(m.manufacturerRecords()).hasSize(4);
            }),
            // Arkray Spotchem EL: a printer-style report in one STX...ETX block, not E1394 records.
            "spotchem_el.txt", new Expectation(FramingMode.PLAIN, 1, 0, 0, null),
            // bioMérieux mini VIDAS: BCI framing (STX, RS-separated fields, GS, lower-case checksum, LF), no ETX.
            "mini_vidas.txt", new Expectation(FramingMode.E1381, 0, 0, 0, null));

    static Path corpus() {
        Path module = Path.of("").toAbsolutePath();
        List<Path> candidates = List.of(module.resolve("../../../shared/corpus/astm"),
                module.resolve("../../../../shared/corpus/astm"), Path.of("/work/shared/corpus/astm"));
        return candidates.stream().map(Path::normalize).filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new IllegalStateException("ASTM corpus not found; looked in " + candidates
                        + ". Check out the shared/ repository beside the medbroker clone."));
    }

    static Stream<String> captures() throws IOException {
        try (Stream<Path> files = Files.list(corpus())) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted().toList();
            assertThat(names).as("captures in " + corpus()).isNotEmpty();
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void decodesJoinsAndParsesCapture(String name) throws IOException {
        Expectation expected = EXPECTED.get(name);
        if (expected == null) {
            fail("no expectation for capture " + name + ": add one to AstmCorpusTest");
        }
        byte[] session = Files.readAllBytes(corpus().resolve(name));
        E1381FrameDecoder decoder = new E1381FrameDecoder(expected.mode(), E1381.STANDARD_MAX_TEXT_LENGTH, LENIENT_MAX_TEXT);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(Unpooled.wrappedBuffer(session));
        channel.finish();
        List<E1381Event> events = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            events.add((E1381Event) o);
        }
        List<AstmFrame> frames = events.stream().filter(AstmFrame.class::isInstance).map(AstmFrame.class::cast).toList();

        assertThat(frames).as("frames").hasSize(expected.frames());
        assertThat(frames).as("every checksum verifies").allMatch(AstmFrame::intact);
        assertThat(frames).filteredOn(f -> f.deviations().contains(FrameDeviation.TEXT_OVER_STANDARD_LENGTH))
                .as("frames over 247 characters").hasSize(expected.oversized());
        assertThat(frames).as("no deviation other than length")
                .allMatch(f -> f.deviations().stream().allMatch(d -> d == FrameDeviation.TEXT_OVER_STANDARD_LENGTH));
        int breaks = 0;
        for (int i = 1; i < frames.size(); i++) {
            breaks += frames.get(i).number() == E1381.nextFrameNumber(frames.get(i - 1).number()) ? 0 : 1;
        }
        assertThat(breaks).as("frame number sequence breaks").isEqualTo(expected.numberBreaks());

        if (name.equals("mini_vidas.txt")) {
            assertThat(events).singleElement().isInstanceOf(FrameError.class)
                    .extracting(e -> ((FrameError) e).reason()).isEqualTo(FrameError.Reason.BAD_FRAME_NUMBER);
            return;
        }
        assertThat(events).as("only frames").hasSameSizeAs(frames);

        E1381FrameJoiner joiner = new E1381FrameJoiner(LENIENT_MAX_TEXT);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        for (AstmFrame frame : frames) {
            if (joiner.accept(frame) instanceof E1381FrameJoiner.Joined joined) {
                message.writeBytes(joined.text());
            }
        }
        assertThat(joiner.idle()).as("ends with an end frame").isTrue();

        ParseResult parsed = new E1394Parser().parse(message.toByteArray());
        if (expected.checks() == null) {
            assertThat(parsed).isEqualTo(new ParseResult.Failed(new ParseError(ParseError.Code.MISSING_HEADER, 1, '2', null)));
            return;
        }
        assertThat(parsed).isInstanceOf(ParseResult.Parsed.class);
        AstmMessage m = ((ParseResult.Parsed) parsed).message();
        assertThat(m.results()).isNotEmpty();
        assertThat(m.terminator().code()).isEqualTo("N");
        expected.checks().accept(m);
    }
}
