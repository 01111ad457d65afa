package org.medbroker.connectors.astm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.medbroker.connectors.astm.AstmTestInstrument.frames;
import static org.medbroker.connectors.astm.AstmTestInstrument.texts;
import static org.medbroker.connectors.astm.AstmTestInstrument.withBadChecksum;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.astm.codec.E1381;
import org.medbroker.connectors.astm.record.AstmMessage;
import org.medbroker.connectors.astm.record.E1394Parser;
import org.medbroker.connectors.astm.record.ParseResult;
import org.slf4j.LoggerFactory;

/**
 * The {@code astm} listener over real loopback sockets with a real Camel context, fed real device
 * captures byte by byte. Every listener binds port 0; every wait is a socket timeout or an Awaitility
 * condition with a deadline.
 */
class AstmTcpServerConsumerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** What the route saw of one exchange. */
    private record Routed(byte[] body, boolean incomplete, String remote, String listener, String charset) {
    }

    private final List<Routed> routed = new CopyOnWriteArrayList<>();
    private DefaultCamelContext camel;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void receivesCobasCaptureSentByteByByte() throws Exception {
        Logger medbroker = (Logger) LoggerFactory.getLogger("org.medbroker");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        medbroker.addAppender(logs);
        try {
            int port = listen("", this::collect);
            List<byte[]> frames = frames("cobas_c111.txt");
            assertThat(frames).hasSize(7);
            try (AstmTestInstrument instrument = new AstmTestInstrument(port, DEADLINE)) {
                instrument.sendByteByByte(new byte[] {E1381.ENQ});
                assertThat(instrument.read()).as("reply to ENQ").isEqualTo(E1381.ACK);
                for (int i = 0; i < frames.size(); i++) {
                    instrument.sendByteByByte(frames.get(i));
                    assertThat(instrument.read()).as("reply to frame %d", i + 1).isEqualTo(E1381.ACK);
                }
                instrument.sendByteByByte(new byte[] {E1381.EOT});
                await().atMost(DEADLINE).until(() -> routed.size() == 1);
            }

            Routed exchange = routed.get(0);
            assertThat(exchange.body()).isEqualTo(texts(frames));
            assertThat(exchange.incomplete()).isFalse();
            assertThat(exchange.remote()).startsWith("127.0.0.1:");
            assertThat(exchange.listener()).isEqualTo("COBAS");
            assertThat(exchange.charset()).isEqualTo("ISO-8859-1");
            ParseResult parsed = new E1394Parser().parse(exchange.body());
            assertThat(parsed).isInstanceOf(ParseResult.Parsed.class);
            AstmMessage message = ((ParseResult.Parsed) parsed).message();
            assertThat(message.result("413").value()).isEqualTo("40.13");
            assertThat(message.orders().findFirst().orElseThrow().instrumentSpecimenId().first()).isEqualTo("T20 10134GA D28");
            assertThat(routed).hasSize(1);

            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line).startsWith("COBAS").doesNotContain("40.13", "T20 10134GA", "g/L"));
        } finally {
            medbroker.detachAppender(logs);
        }
    }

    @Test
    void receivesSysmexWholeMessageFrameWithLenientMaximum() throws Exception {
        int port = listen("&maxFrameText=65536", this::collect);
        List<byte[]> frames = frames("sysmex_xn550.txt");
        send(port, frames);
        await().atMost(DEADLINE).until(() -> routed.size() == 1);
        AstmMessage message = ((ParseResult.Parsed) new E1394Parser().parse(routed.get(0).body())).message();
        assertThat(message.result("WBC").value()).isEqualTo("8.13");
        assertThat(routed.get(0).incomplete()).isFalse();
    }

    @Test
    void receivesPlainBlockWithoutFrameNumber() throws Exception {
        int port = listen("&framing=PLAIN", this::collect);
        List<byte[]> frames = frames("spotchem_el.txt");
        send(port, frames);
        await().atMost(DEADLINE).until(() -> routed.size() == 1);
        assertThat(routed.get(0).body()).isEqualTo(texts(frames, 1));
        assertThat(routed.get(0).incomplete()).isFalse();
    }

    @Test
    void closesIdleConnection() throws Exception {
        int port = listen("&idleTimeoutSeconds=1", this::collect);
        try (AstmTestInstrument instrument = new AstmTestInstrument(port, DEADLINE)) {
            assertThat(instrument.read()).as("end of stream once idle").isEqualTo(-1);
        }
    }

    @Test
    void naksFrameWithBadChecksum() throws Exception {
        int port = listen("", this::collect);
        List<byte[]> frames = frames("cobas_c111.txt");
        try (AstmTestInstrument instrument = new AstmTestInstrument(port, DEADLINE)) {
            instrument.send(E1381.ENQ);
            assertThat(instrument.read()).isEqualTo(E1381.ACK);
            instrument.sendByteByByte(withBadChecksum(frames.get(0)));
            assertThat(instrument.read()).as("reply to a bad checksum").isEqualTo(E1381.NAK);
            for (byte[] frame : frames) {
                instrument.sendByteByByte(frame);
                assertThat(instrument.read()).isEqualTo(E1381.ACK);
            }
            instrument.send(E1381.EOT);
            await().atMost(DEADLINE).until(() -> routed.size() == 1);
        }
        assertThat(routed.get(0).body()).isEqualTo(texts(frames));
        assertThat(routed.get(0).incomplete()).isFalse();
    }

    @Test
    void keepsListeningAfterGarbageAndDroppedConnection() throws Exception {
        int port = listen("", this::collect);
        List<byte[]> frames = frames("cobas_c111.txt");
        try (AstmTestInstrument noisy = new AstmTestInstrument(port, DEADLINE)) {
            noisy.sendByteByByte("GET / HTTP/1.1\r\n\r\n\u00ff\u0000\u00fe".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            noisy.send(E1381.ENQ);
            assertThat(noisy.read()).isEqualTo(E1381.ACK);
            byte[] first = frames.get(0);
            noisy.sendByteByByte(java.util.Arrays.copyOf(first, first.length / 2));
            noisy.drop();
        }
        send(port, frames);
        await().atMost(DEADLINE).until(() -> routed.size() == 1);
        assertThat(routed.get(0).body()).isEqualTo(texts(frames));
        assertThat(routed.get(0).incomplete()).isFalse();
    }

    @Test
    void keepsPartialMessageFlaggedIncompleteWhenInstrumentDisconnects() throws Exception {
        int port = listen("", this::collect);
        List<byte[]> frames = frames("cobas_c111.txt").subList(0, 3);
        try (AstmTestInstrument instrument = new AstmTestInstrument(port, DEADLINE)) {
            instrument.send(E1381.ENQ);
            assertThat(instrument.read()).isEqualTo(E1381.ACK);
            for (byte[] frame : frames) {
                instrument.sendByteByByte(frame);
                assertThat(instrument.read()).isEqualTo(E1381.ACK);
            }
        }
        await().atMost(DEADLINE).until(() -> routed.size() == 1);
        assertThat(routed.get(0).incomplete()).isTrue();
        assertThat(routed.get(0).body()).isEqualTo(texts(frames));
    }

    @Test
    void routeFailureKeepsTheConnection() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        int port = listen("", exchange -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("MB-9999: failed");
            }
            collect(exchange);
        });
        List<byte[]> frames = frames("cobas_c111.txt");
        try (AstmTestInstrument instrument = new AstmTestInstrument(port, DEADLINE)) {
            for (int message = 0; message < 2; message++) {
                instrument.send(E1381.ENQ);
                assertThat(instrument.read()).isEqualTo(E1381.ACK);
                for (byte[] frame : frames) {
                    instrument.send(frame);
                    assertThat(instrument.read()).isEqualTo(E1381.ACK);
                }
                instrument.send(E1381.EOT);
            }
            await().atMost(DEADLINE).until(() -> routed.size() == 1);
        }
        assertThat(calls).hasValue(2);
        assertThat(routed.get(0).body()).isEqualTo(texts(frames));
    }

    @Test
    void retriesAMessageTheJournalCouldNotStoreAndNaksMeanwhile() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        int port = listen("", exchange -> {
            if (calls.incrementAndGet() == 1) {
                throw new AstmMessageNotStoredException("MB-0308: disk full", new java.io.IOException("disk full"));
            }
            collect(exchange);
        });
        List<byte[]> frames = frames("cobas_c111.txt");
        try (AstmTestInstrument instrument = new AstmTestInstrument(port, DEADLINE)) {
            instrument.send(E1381.ENQ);
            assertThat(instrument.read()).isEqualTo(E1381.ACK);
            for (byte[] frame : frames) {
                instrument.send(frame);
                assertThat(instrument.read()).isEqualTo(E1381.ACK);
            }
            instrument.send(E1381.EOT);
            await().atMost(DEADLINE).until(() -> calls.get() == 1);
            instrument.send(E1381.ENQ);
            assertThat(instrument.read()).as("busy while the message waits to be stored").isEqualTo(E1381.NAK);
            await().atMost(DEADLINE).until(() -> routed.size() == 1);
            instrument.send(E1381.ENQ);
            assertThat(instrument.read()).isEqualTo(E1381.ACK);
        }
        assertThat(calls).hasValue(2);
        assertThat(routed.get(0).body()).isEqualTo(texts(frames));
    }

    @Test
    void recordsFramingInMllpBlocksAndAReplyOnTheSameConnection() throws Exception {
        int port = listen("&framing=RECORDS&mllp=true", exchange -> {
            collect(exchange);
            exchange.getMessage().setHeader(AstmConstants.REPLY, List.of("H|\\^&\r".getBytes(), "L|1|N\r".getBytes()));
        });
        try (AstmTestInstrument instrument = new AstmTestInstrument(port, DEADLINE)) {
            instrument.sendByteByByte("\u000bH|\\^&\rP|1\rL|1|N\r\u001c\r".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            byte[] expected = "\u000bH|\\^&\rL|1|N\r\u001c\r".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            for (byte b : expected) {
                assertThat(instrument.read()).isEqualTo(b & 0xFF);
            }
        }
        assertThat(routed).singleElement().satisfies(r -> assertThat(new String(r.body())).isEqualTo("H|\\^&\rP|1\rL|1|N\r"));
    }

    @Test
    void receivesOverTlsWithAKeyStoreMadeByKeytool(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("astm.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "astm", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(Files.readString(dir.resolve("keytool.log"))).isZero();
        int port = listen("&keyStore=" + keyStore + "&keyStorePassword=RAW(changeit)", this::collect);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            trusted.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        List<byte[]> frames = frames("cobas_c111.txt");
        try (AstmTestInstrument instrument = new AstmTestInstrument(
                tls.getSocketFactory().createSocket("localhost", port), DEADLINE)) {
            instrument.send(E1381.ENQ);
            assertThat(instrument.read()).isEqualTo(E1381.ACK);
            for (byte[] frame : frames) {
                instrument.send(frame);
                assertThat(instrument.read()).isEqualTo(E1381.ACK);
            }
            instrument.send(E1381.EOT);
            await().atMost(DEADLINE).until(() -> routed.size() == 1);
        }
        assertThat(routed.get(0).body()).isEqualTo(texts(frames));
        try (AstmTestInstrument plain = new AstmTestInstrument(port, Duration.ofSeconds(2))) {
            plain.send(E1381.ENQ);
            int answer;
            try {
                answer = plain.read();
            } catch (SocketException | java.net.SocketTimeoutException noAnswer) {
                answer = -1;
            }
            assertThat(answer).as("a plain ENQ gets no E1381 answer from a TLS listener").isNotEqualTo(E1381.ACK);
        }
    }

    @Test
    void refusesPeerOutsideAllowedPeers() throws Exception {
        int port = listen("&allowedPeers=10.0.0.0/8", this::collect);
        try (AstmTestInstrument instrument = new AstmTestInstrument(port, DEADLINE)) {
            Throwable thrown = catchThrowable(() -> {
                instrument.send(E1381.ENQ);
                assertThat(instrument.read()).as("end of stream, no ACK").isEqualTo(-1);
            });
            if (thrown != null) {
                assertThat(thrown).isInstanceOf(SocketException.class); // a reset instead of a clean close
            }
        }
        assertThat(routed).isEmpty();
    }

    @Test
    void refusesToProduce() throws Exception {
        listen("", this::collect);
        assertThatThrownBy(() -> camel.getEndpoint("astm:127.0.0.1:0").createProducer())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("MB-0631");
    }

    // ---- helpers ----

    @Test
    void naksEnqWhileTheComponentIsNotAcceptingAndAcceptsAgainByItself() throws Exception {
        AtomicBoolean accepting = new AtomicBoolean(false);
        camel = new DefaultCamelContext();
        camel.addComponent("astm", new AstmComponent(accepting::get));
        int port = listen("", this::collect);
        List<byte[]> frames = frames("cobas_c111.txt");
        try (AstmTestInstrument instrument = new AstmTestInstrument(port, DEADLINE)) {
            for (int i = 0; i < 3; i++) {
                instrument.send(E1381.ENQ);
                assertThat(instrument.read()).as("ENQ %d while not accepting", i + 1).isEqualTo(E1381.NAK);
            }
            accepting.set(true);
            instrument.send(E1381.ENQ);
            assertThat(instrument.read()).as("ENQ once accepting").isEqualTo(E1381.ACK);
            for (byte[] frame : frames) {
                instrument.send(frame);
                assertThat(instrument.read()).isEqualTo(E1381.ACK);
            }
            instrument.send(E1381.EOT);
            await().atMost(DEADLINE).until(() -> routed.size() == 1);
        }
        assertThat(routed.get(0).body()).isEqualTo(texts(frames));
    }

    private int listen(String options, Processor processor) throws Exception {
        if (camel == null) {
            camel = new DefaultCamelContext();
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("astm:127.0.0.1:0?listenerName=COBAS" + options).routeId("listener").process(processor);
            }
        });
        camel.start();
        return ((AstmTcpServerConsumer) camel.getRoute("listener").getConsumer()).boundPort();
    }

    private void collect(Exchange exchange) {
        routed.add(new Routed(exchange.getMessage().getBody(byte[].class),
                exchange.getMessage().getHeader(AstmConstants.INCOMPLETE, Boolean.class),
                exchange.getMessage().getHeader(AstmConstants.REMOTE_ADDRESS, String.class),
                exchange.getMessage().getHeader(AstmConstants.LISTENER, String.class),
                exchange.getProperty(Exchange.CHARSET_NAME, String.class)));
    }

    /** One well-behaved transfer: ENQ, each frame byte by byte, EOT, every reply an ACK. */
    private static void send(int port, List<byte[]> frames) throws IOException {
        try (AstmTestInstrument instrument = new AstmTestInstrument(port, DEADLINE)) {
            instrument.send(E1381.ENQ);
            assertThat(instrument.read()).isEqualTo(E1381.ACK);
            for (byte[] frame : frames) {
                instrument.sendByteByByte(frame);
                assertThat(instrument.read()).isEqualTo(E1381.ACK);
            }
            instrument.send(E1381.EOT);
        }
    }
}
