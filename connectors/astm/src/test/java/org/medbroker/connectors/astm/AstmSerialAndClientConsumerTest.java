package org.medbroker.connectors.astm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.medbroker.connectors.astm.AstmTestInstrument.frames;
import static org.medbroker.connectors.astm.AstmTestInstrument.texts;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.astm.codec.E1381;

/**
 * The lines the broker opens itself: a serial port (a socat pty pair standing in for the cable, unplugged
 * and plugged in again) and a TCP connection to an analyzer that listens (dropped and accepted again).
 */
class AstmSerialAndClientConsumerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<byte[]> routed = new CopyOnWriteArrayList<>();
    private DefaultCamelContext camel;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    private AstmConsumerSupport start(String uri) throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("line").process(e -> routed.add(e.getMessage().getBody(byte[].class)));
            }
        });
        camel.start();
        return (AstmConsumerSupport) camel.getRoute("line").getConsumer();
    }

    /** ENQ, the frames, EOT, each answered ACK. */
    private static void transfer(InputStream in, OutputStream out, List<byte[]> frames) throws IOException {
        out.write(E1381.ENQ);
        out.flush();
        assertThat(in.read()).isEqualTo(E1381.ACK);
        for (byte[] frame : frames) {
            out.write(frame);
            out.flush();
            assertThat(in.read()).isEqualTo(E1381.ACK);
        }
        out.write(E1381.EOT);
        out.flush();
    }

    @Test
    void serialPortReceivesAMessageAndIsReopenedAfterItDisappears() throws Exception {
        try (SocatPty cable = new SocatPty(dir)) {
            AstmConsumerSupport line = start("astm:serial:0?transport=SERIAL&listenerName=CA&serialPort=" + cable.broker()
                    + "&baudRate=9600&dataBits=8&parity=NONE&stopBits=1&flowControl=NONE&reconnectMinMillis=100&reconnectMaxMillis=500");
            await().atMost(DEADLINE).until(line::linkUp);
            List<byte[]> frames = frames("cobas_c111.txt");
            try (InputStream in = new FileInputStream(cable.analyzer().toFile());
                    OutputStream out = new FileOutputStream(cable.analyzer().toFile())) {
                transfer(in, out, frames);
            }
            await().atMost(DEADLINE).until(() -> routed.size() == 1);
            assertThat(routed.get(0)).isEqualTo(texts(frames));

            cable.unplug();
            await().atMost(DEADLINE).until(() -> !line.linkUp());
            cable.start();
            await().atMost(DEADLINE).until(line::linkUp);
            try (InputStream in = new FileInputStream(cable.analyzer().toFile());
                    OutputStream out = new FileOutputStream(cable.analyzer().toFile())) {
                transfer(in, out, frames);
            }
            await().atMost(DEADLINE).until(() -> routed.size() == 2);
        }
    }

    @Test
    void tcpClientConnectsToTheAnalyzerAndReconnectsAfterADrop() throws Exception {
        List<byte[]> frames = frames("cobas_c111.txt");
        ServerSocket analyzer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = analyzer.getLocalPort();
        analyzer.setSoTimeout((int) DEADLINE.toMillis());
        AstmConsumerSupport line = start("astm:127.0.0.1:" + port
                + "?transport=TCP_CLIENT&listenerName=C111&reconnectMinMillis=100&reconnectMaxMillis=500");
        try (analyzer; Socket socket = analyzer.accept()) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            await().atMost(DEADLINE).until(line::linkUp);
            transfer(socket.getInputStream(), socket.getOutputStream(), frames);
            await().atMost(DEADLINE).until(() -> routed.size() == 1);
        }
        // the analyzer is switched off: nothing listens, the client keeps trying
        await().atMost(DEADLINE).until(() -> !line.linkUp());
        try (ServerSocket back = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            back.setSoTimeout((int) DEADLINE.toMillis());
            try (Socket socket = back.accept()) {
                socket.setSoTimeout((int) DEADLINE.toMillis());
                await().atMost(DEADLINE).until(line::linkUp);
                transfer(socket.getInputStream(), socket.getOutputStream(), frames);
                await().atMost(DEADLINE).until(() -> routed.size() == 2);
            }
        }
        assertThat(routed.get(1)).isEqualTo(texts(frames));
    }
}
