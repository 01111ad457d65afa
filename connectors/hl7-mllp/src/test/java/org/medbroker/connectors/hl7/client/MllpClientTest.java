package org.medbroker.connectors.hl7.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MLLP client against a plain-socket peer on loopback. */
class MllpClientTest {

    private static EventLoopGroup group;

    @BeforeAll
    static void startGroup() {
        group = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void sendsFramedMessageAndReturnsTheReplyBlock() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> answer(server, "MSA|AA|1"));
            MllpClient client = new MllpClient(group, "127.0.0.1", server.getLocalPort(), Optional.empty(), Duration.ofSeconds(2), 4096);
            try (MllpConnection connection = client.connect()) {
                byte[] reply = connection.exchange("MSH|^~\\&|A\r".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5));
                assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("MSA|AA|1");
            }
            assertThat(received.get()).isEqualTo("MSH|^~\\&|A\r");
        }
    }

    @Test
    void noReplyInTimeFailsAndClosesTheConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> answer(server, null));
            MllpClient client = new MllpClient(group, "127.0.0.1", server.getLocalPort(), Optional.empty(), Duration.ofSeconds(2), 4096);
            MllpConnection connection = client.connect();
            assertThatThrownBy(() -> connection.exchange("MSH|x\r".getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(200)))
                    .isInstanceOf(MllpConnection.MllpAckTimeoutException.class);
            assertThat(connection.isOpen()).isFalse();
            received.get();
        }
    }

    @Test
    void refusedConnectionIsAConnectFailure() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0)) {
            port = server.getLocalPort();
        }
        MllpClient client = new MllpClient(group, "127.0.0.1", port, Optional.empty(), Duration.ofSeconds(2), 4096);
        assertThatThrownBy(client::connect).isInstanceOf(MllpClient.MllpConnectException.class);
    }

    @Test
    void peerClosingBeforeReplyFailsTheExchange() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture.runAsync(() -> {
                try (Socket socket = server.accept()) {
                    readBlock(socket.getInputStream());
                } catch (IOException ignored) {
                    // the test checks the client side
                }
            });
            MllpClient client = new MllpClient(group, "127.0.0.1", server.getLocalPort(), Optional.empty(), Duration.ofSeconds(2), 4096);
            MllpConnection connection = client.connect();
            assertThatThrownBy(() -> connection.exchange("MSH|x\r".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(MllpConnection.MllpAckTimeoutException.class);
        }
    }

    /** Reads one block and answers {@code reply} (or nothing, holding the connection until the client closes it). */
    private static String answer(ServerSocket server, String reply) {
        try (Socket socket = server.accept()) {
            String block = readBlock(socket.getInputStream());
            if (reply != null) {
                socket.getOutputStream().write(("\u000b" + reply + "\u001c\r").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            socket.getInputStream().read();
            return block;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readBlock(InputStream in) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0x0B) {
            if (b < 0) {
                throw new IOException("closed");
            }
        }
        while ((b = in.read()) != 0x1C) {
            block.write(b);
        }
        in.read();
        return block.toString(StandardCharsets.US_ASCII);
    }
}
