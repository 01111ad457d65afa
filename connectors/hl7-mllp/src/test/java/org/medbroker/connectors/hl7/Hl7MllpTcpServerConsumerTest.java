package org.medbroker.connectors.hl7;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.medbroker.connectors.hl7.MllpTestClient.message;
import static org.medbroker.connectors.hl7.MllpTestClient.msa;
import static org.medbroker.connectors.hl7.MllpTestClient.segment;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.AsyncProcessorSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.hl7.message.AckBuilder;
import org.medbroker.connectors.hl7.message.AckCode;
import org.medbroker.connectors.hl7.message.MshHeader;
import org.medbroker.connectors.hl7.mllp.MllpFrameDecoder;
import org.slf4j.LoggerFactory;

/**
 * The {@code hl7mllp} listener over real loopback sockets with a real Camel context. Every listener
 * binds port 0; every wait is a socket timeout or an Awaitility condition with a deadline.
 */
class Hl7MllpTcpServerConsumerTest {

    private static final AckBuilder ACKS = new AckBuilder("TEST", "TEST");
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final List<String> routed = new CopyOnWriteArrayList<>();
    private DefaultCamelContext camel;
    private ExecutorService executor;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Test
    void bindsAnEphemeralPortWhenAskedForPortZero() throws Exception {
        int port = listen("", this::acceptAll);
        assertThat(port).isPositive();
        try (MllpTestClient client = MllpTestClient.connect(port)) {
            client.send(message("ONE"));
            assertThat(msa(client.readAck(), 2)).isEqualTo("ONE");
        }
    }

    @Test
    void acknowledgesPipelinedMessagesFromOneWriteInOrder() throws Exception {
        int port = listen("", this::acceptAll);
        String[] messages = new String[20];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = message("PIPE-" + (i + 1));
        }
        try (MllpTestClient client = MllpTestClient.connect(port)) {
            client.send(messages);
            for (int i = 1; i <= messages.length; i++) {
                String ack = client.readAck();
                assertThat(msa(ack, 1)).isEqualTo("AA");
                assertThat(msa(ack, 2)).isEqualTo("PIPE-" + i);
            }
        }
        assertThat(routed).hasSize(20);
    }

    @Test
    void keepsAckOrderWhenTheFirstMessageCompletesLast() throws Exception {
        CountDownLatch releaseFirst = new CountDownLatch(1);
        executor = Executors.newSingleThreadExecutor();
        int port = listen("", new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                acceptAll(exchange);
                if (routed.size() == 1) {
                    executor.execute(() -> {
                        awaitQuietly(releaseFirst);
                        callback.done(false);
                    });
                    return false;
                }
                callback.done(true);
                return true;
            }
        });
        try (MllpTestClient client = MllpTestClient.connect(port)) {
            client.send(message("SLOW-1"), message("FAST-2"), message("FAST-3"), message("FAST-4"));
            await().atMost(DEADLINE).until(() -> routed.contains("SLOW-1"));

            client.socket().setSoTimeout(300);
            assertThatThrownBy(client::readAck).as("no ACK overtakes the held first message")
                    .isInstanceOf(SocketTimeoutException.class);
            client.socket().setSoTimeout((int) MllpTestClient.READ_TIMEOUT.toMillis());

            releaseFirst.countDown();
            List<String> order = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                order.add(msa(client.readAck(), 2));
            }
            assertThat(order).containsExactly("SLOW-1", "FAST-2", "FAST-3", "FAST-4");
        }
    }

    @Test
    void keepsListeningAfterAConnectionSendsGarbage() throws Exception {
        int port = listen("", this::acceptAll);
        byte[] garbage = new byte[20_000];
        new Random(7).nextBytes(garbage);
        try (Socket noisy = new Socket(InetAddress.getLoopbackAddress(), port)) {
            noisy.getOutputStream().write(garbage);
            noisy.getOutputStream().write(new byte[] {MllpFrameDecoder.FS, MllpFrameDecoder.CR, MllpFrameDecoder.FS, 0x0a});
            noisy.getOutputStream().flush();
        }
        try (MllpTestClient client = MllpTestClient.connect(port)) {
            client.send(message("AFTER-NOISE"));
            assertThat(msa(client.readAck(), 2)).isEqualTo("AFTER-NOISE");
        }
    }

    @Test
    void recoversOnTheSameConnectionAtTheNextVt() throws Exception {
        int port = listen("", this::acceptAll);
        try (MllpTestClient client = MllpTestClient.connect(port)) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            stream.writeBytes("keep-alive\r\n".getBytes(ISO_8859_1));
            stream.write(MllpFrameDecoder.VT);
            stream.writeBytes(message("ABANDONED").substring(0, 60).getBytes(ISO_8859_1));
            stream.writeBytes(MllpTestClient.frame(message("GOOD-1")));
            stream.writeBytes("\r\n\u0000\u001c\r".getBytes(ISO_8859_1));
            stream.writeBytes(MllpTestClient.frame(message("GOOD-2")));
            client.write(stream.toByteArray());

            assertThat(msa(client.readAck(), 2)).isEqualTo("GOOD-1");
            assertThat(msa(client.readAck(), 2)).isEqualTo("GOOD-2");
        }
        assertThat(routed).containsExactly("GOOD-1", "GOOD-2");
    }

    @Test
    void closesAConnectionIdleForIdleTimeoutSeconds() throws Exception {
        int port = listen("&idleTimeoutSeconds=1", this::acceptAll);
        try (MllpTestClient client = MllpTestClient.connect(port)) {
            client.send(message("BEFORE-IDLE"));
            assertThat(msa(client.readAck(), 2)).isEqualTo("BEFORE-IDLE");
            long start = System.nanoTime();
            assertThat(client.closedByPeer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(800));
        }
    }

    @Test
    void keepsAConnectionOpenPastIdleTimeoutWhileItsAckIsBeingPrepared() throws Exception {
        int port = listen("&idleTimeoutSeconds=1", new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                acceptAll(exchange);
                // a route slower than the idle timeout: the silence is the listener's, not the sender's
                CompletableFuture.runAsync(() -> callback.done(false), CompletableFuture.delayedExecutor(1800, java.util.concurrent.TimeUnit.MILLISECONDS));
                return false;
            }
        });
        try (MllpTestClient client = MllpTestClient.connect(port)) {
            client.send(message("SLOW-ROUTE"));
            assertThat(msa(client.readAck(), 2)).isEqualTo("SLOW-ROUTE");
        }
    }

    @Test
    void servesOtherConnectionsWhileSendersGoSilentWithoutClosing() throws Exception {
        int port = listen("", this::acceptAll);
        try (Socket stalledMidBlock = new Socket(InetAddress.getLoopbackAddress(), port);
                Socket neverReads = new Socket()) {
            // half open: a block started and never finished, no FIN
            stalledMidBlock.getOutputStream().write(new byte[] {MllpFrameDecoder.VT, 'M', 'S', 'H', '|'});
            stalledMidBlock.getOutputStream().flush();
            // a sender that pipelines and then never reads its ACKs
            neverReads.setReceiveBufferSize(4096);
            neverReads.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (int i = 0; i < 500; i++) {
                flood.writeBytes(MllpTestClient.frame(message("FLOOD-" + i)));
            }
            neverReads.getOutputStream().write(flood.toByteArray());
            neverReads.getOutputStream().flush();

            try (MllpTestClient client = MllpTestClient.connect(port)) {
                for (int i = 0; i < 10; i++) {
                    client.send(message("LIVE-" + i));
                    assertThat(msa(client.readAck(), 2)).isEqualTo("LIVE-" + i);
                }
            }
        }
    }

    @Test
    void stopsReadingFromASenderThatDoesNotReadItsAcks() throws Exception {
        byte[] bulkyAck = ("MSH|^~\\&|TEST|TEST\rMSA|AA|X|" + "padding ".repeat(256)).getBytes(ISO_8859_1);
        int port = listen("", exchange -> {
            routed.add(controlId(exchange));
            // 2 KB ACKs: 20,000 of them are far more than the kernel's socket buffers can absorb
            exchange.getMessage().setHeader(Hl7MllpConstants.ACKNOWLEDGEMENT, bulkyAck);
        });
        int total = 20_000;
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 0; i < total; i++) {
            flood.writeBytes(MllpTestClient.frame(message("FLOOD-" + i)));
        }
        executor = Executors.newSingleThreadExecutor();
        try (Socket neverReads = new Socket()) {
            neverReads.setReceiveBufferSize(4096);
            neverReads.setSendBufferSize(16 * 1024);
            neverReads.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Future<?> writer = executor.submit(() -> {
                neverReads.getOutputStream().write(flood.toByteArray());
                return null;
            });

            AtomicInteger lastSeen = new AtomicInteger(-1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> routed.size() > 0 && routed.size() == lastSeen.getAndSet(routed.size()));

            assertThat(routed.size()).as("messages taken in while the sender read no ACK").isLessThan(total / 4);
            assertThat(writer).as("the sender is held back by TCP flow control").isNotDone();
            try (MllpTestClient other = MllpTestClient.connect(port)) {
                other.send(message("OTHER"));
                assertThat(other.readAck()).isEqualTo(new String(bulkyAck, ISO_8859_1));
            }
            assertThat(routed).contains("OTHER");
        }
    }

    @Test
    void refusesALoopbackClientWhenAllowedPeersIsTenSlashEight() throws Exception {
        int port = listen("&allowedPeers=10.0.0.0/8", this::acceptAll);
        try (MllpTestClient client = MllpTestClient.connect(port)) {
            try {
                client.send(message("REFUSED"));
            } catch (IOException alreadyClosed) {
                // the listener may have closed before the write
            }
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(routed).isEmpty();
    }

    @Test
    void acceptsALoopbackClientWhenAllowedPeersIncludesOneTwentySeven() throws Exception {
        int port = listen("&allowedPeers=10.0.0.0/8,127.0.0.0/8", this::acceptAll);
        try (MllpTestClient client = MllpTestClient.connect(port)) {
            client.send(message("ALLOWED"));
            assertThat(msa(client.readAck(), 2)).isEqualTo("ALLOWED");
        }
    }

    @Test
    void acknowledgesOverTlsWithAKeyStoreMadeByKeytool(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("listener.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "listener", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(keytool.waitFor(60, SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(Files.readString(dir.resolve("keytool.log"))).isZero();

        int port = listen("&keyStore=" + keyStore + "&keyStorePassword=changeit", this::acceptAll);

        try (MllpTestClient client = new MllpTestClient(tlsSocket(keyStore, port))) {
            client.send(message("TLS-1"), message("TLS-2"));
            assertThat(msa(client.readAck(), 2)).isEqualTo("TLS-1");
            assertThat(msa(client.readAck(), 2)).isEqualTo("TLS-2");
        }
        try (MllpTestClient plaintext = MllpTestClient.connect(port)) {
            plaintext.send(message("PLAIN"));
            assertThat(plaintext.closedByPeer()).as("a plaintext sender is dropped").isTrue();
        }
        assertThat(routed).containsExactly("TLS-1", "TLS-2");
    }

    @Test
    void answersAeWithErr207WhenTheRouteThrows() throws Exception {
        int port = listen("", exchange -> {
            routed.add(controlId(exchange));
            throw new IllegalStateException("MB-9999: mapping failed");
        });
        try (MllpTestClient client = MllpTestClient.connect(port)) {
            client.send(message("BOOM-1"), message("BOOM-2"));
            for (String id : List.of("BOOM-1", "BOOM-2")) {
                String ack = client.readAck();
                assertThat(msa(ack, 1)).isEqualTo("AE");
                assertThat(msa(ack, 2)).isEqualTo(id);
                assertThat(segment(ack, "ERR")).startsWith("ERR|||207^Application internal error^HL70357|E|");
            }
        }
    }

    @Test
    void answersAaFromTheBytesReceivedWhenTheRouteSetsNoAck() throws Exception {
        int port = listen("", exchange -> exchange.getMessage().setBody("the route replaced the body"));
        try (MllpTestClient client = MllpTestClient.connect(port)) {
            client.send(message("NO-ACK-SET"));
            String ack = client.readAck();
            assertThat(msa(ack, 1)).isEqualTo("AA");
            assertThat(msa(ack, 2)).isEqualTo("NO-ACK-SET");
            assertThat(segment(ack, "MSH")).startsWith("MSH|^~\\&|MEDBROKER|HOSP|CBC|LAB|");
        }
    }

    @Test
    void rejectsAMessageOverMaxBlockBytesThenAcceptsTheNext() throws Exception {
        int port = listen("&maxBlockBytes=1024", exchange -> {
            if (exchange.getMessage().getHeader(Hl7MllpConstants.BLOCK_TOO_LONG) == null) {
                acceptAll(exchange);
            }
        });
        try (MllpTestClient client = MllpTestClient.connect(port)) {
            client.send(message("HUGE") + "NTE|1||" + "x".repeat(5000) + "\r", message("NORMAL"));
            String reject = client.readAck();
            assertThat(msa(reject, 1)).isEqualTo("AR");
            assertThat(msa(reject, 2)).isEqualTo("HUGE");
            assertThat(segment(reject, "ERR")).contains("MB-0205");
            assertThat(msa(client.readAck(), 2)).isEqualTo("NORMAL");
        }
    }

    @Test
    void acknowledgesEveryMessageOfAHundredConcurrentConnections() throws Exception {
        int port = listen("", this::acceptAll);
        int connections = 100;
        int perConnection = 50;
        executor = Executors.newFixedThreadPool(connections);
        AtomicInteger acknowledged = new AtomicInteger();
        List<Future<?>> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            String prefix = "C" + c + "-";
            senders.add(executor.submit(() -> {
                try (MllpTestClient client = MllpTestClient.connect(port)) {
                    for (int i = 0; i < perConnection; i++) {
                        client.send(message(prefix + i));
                        String ack = client.readAck();
                        assertThat(msa(ack, 1)).isEqualTo("AA");
                        assertThat(msa(ack, 2)).isEqualTo(prefix + i);
                        acknowledged.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> sender : senders) {
            sender.get(120, SECONDS);
        }
        assertThat(acknowledged).hasValue(connections * perConnection);
        assertThat(routed).hasSize(connections * perConnection).doesNotHaveDuplicates();
    }

    @Test
    void keepsPatientDataOutOfTheDefaultLogs() throws Exception {
        Logger medbroker = (Logger) LoggerFactory.getLogger("org.medbroker");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        medbroker.addAppender(logs);
        try {
            int port = listen("&maxBlockBytes=600", exchange -> {
                throw new IllegalStateException("MB-9999: failed");
            });
            String phi = "MSH|^~\\&|CBC|LAB|MEDBROKER|HOSP|20250101||ORU^R01|CTRLPHI77|P|2.5.1\r"
                    + "PID|1||MRNPHI4711^^^HOSP^MR||SURNAMEPHI^GIVENPHI||19700101|F\r"
                    + "OBX|1|NM|718-7^Hemoglobin^LN||99.97|g/dL\r";
            try (MllpTestClient client = MllpTestClient.connect(port)) {
                client.send(phi, phi + "NTE|1||" + "SURNAMEPHI ".repeat(100) + "\r");
                client.readAck();
                client.readAck();
            }
            camel.stop();
            assertThat(logs.list).isNotEmpty();
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .allSatisfy(line -> assertThat(line)
                            .doesNotContain("SURNAMEPHI", "GIVENPHI", "MRNPHI4711", "CTRLPHI77", "99.97"));
        } finally {
            medbroker.detachAppender(logs);
        }
    }

    // ---- helpers ----

    private int listen(String options, Processor processor) throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("hl7mllp:127.0.0.1:0?listenerName=TEST" + options).routeId("listener").process(processor);
            }
        });
        camel.start();
        return ((Hl7MllpTcpServerConsumer) camel.getRoute("listener").getConsumer()).boundPort();
    }

    /** What a route does: record the message and set an AA acknowledgement for it. */
    private void acceptAll(Exchange exchange) {
        routed.add(controlId(exchange));
        byte[] body = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setHeader(Hl7MllpConstants.ACKNOWLEDGEMENT, ACKS.build(MshHeader.read(body, ISO_8859_1),
                AckCode.AA, Optional.empty(), "ACK" + routed.size(), ZonedDateTime.now(), ISO_8859_1));
    }

    private static String controlId(Exchange exchange) {
        return MshHeader.read(exchange.getMessage().getBody(byte[].class), ISO_8859_1).map(MshHeader::controlId).orElse("?");
    }

    private static Socket tlsSocket(Path keyStorePath, int port) throws Exception {
        KeyStore listenerKeys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStorePath)) {
            listenerKeys.load(in, "changeit".toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("listener", listenerKeys.getCertificate("listener"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout((int) DEADLINE.toMillis());
        socket.startHandshake();
        return socket;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
