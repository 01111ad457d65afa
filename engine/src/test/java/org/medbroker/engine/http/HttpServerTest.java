package org.medbroker.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpServerTest {

    private static final String PASSWORD = "test-keystore-password";

    @TempDir
    Path dir;

    @Test
    void servesItsServletsOnTheChosenFreePort() throws Exception {
        try (HttpServer server = new HttpServer("127.0.0.1", 0, Optional.empty(), Map.of("/hello/*", new Hello()))) {
            server.start();

            HttpResponse<String> hello = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.port() + "/hello/world");
            HttpResponse<String> missing = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.port() + "/nothing-here");

            assertThat(server.port()).isPositive();
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hello /world");
            assertThat(hello.headers().firstValue("Server")).isEmpty();
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).doesNotContain("org.eclipse.jetty", "at org.");
        }
    }

    @Test
    void servesHttpsFromAPkcs12KeyStore() throws Exception {
        Path keyStore = generateKeyStore();
        try (HttpServer server = new HttpServer("127.0.0.1", 0, Optional.of(new TlsSettings(keyStore, PASSWORD, "PKCS12")),
                Map.of("/hello/*", new Hello()))) {
            server.start();
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(keyStore)).build();

            HttpResponse<String> hello = get(client, "https://127.0.0.1:" + server.port() + "/hello/tls");

            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hello /tls");
            assertThat(hello.sslSession()).hasValueSatisfying(session -> assertThat(session.getProtocol()).startsWith("TLSv1."));
        }
    }

    @Test
    void saysWhyItCannotStartOnAPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             HttpServer server = new HttpServer("127.0.0.1", taken.getLocalPort(), Optional.empty(), Map.of("/hello/*", new Hello()))) {
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("MB-0570");
        }
    }

    @Test
    void refusesAnUnreadableKeyStore() {
        TlsSettings missing = new TlsSettings(dir.resolve("missing.p12"), PASSWORD, "PKCS12");

        assertThatThrownBy(() -> new HttpServer("127.0.0.1", 0, Optional.of(missing), Map.of()))
                .hasMessageStartingWith("MB-0572");
        assertThat(missing.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void mountsOneServletUnderSeveralPathSpecsOnce() throws Exception {
        Hello hello = new Hello();
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        servlets.put("/health", hello);
        servlets.put("/health/*", hello);
        try (HttpServer server = new HttpServer("127.0.0.1", 0, Optional.empty(), servlets)) {
            server.start();
            HttpClient client = HttpClient.newHttpClient();

            assertThat(get(client, "http://127.0.0.1:" + server.port() + "/health").statusCode()).isEqualTo(200);
            assertThat(get(client, "http://127.0.0.1:" + server.port() + "/health/live").statusCode()).isEqualTo(200);
            assertThat(hello.inits.get()).isEqualTo(1);
        }
    }

    private Path generateKeyStore() throws IOException, InterruptedException {
        Path keyStore = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "medbroker",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes());
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return keyStore;
    }

    private static SSLContext trusting(Path keyStore) throws Exception {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            server.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("medbroker", server.getCertificate("medbroker"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Answers with its path info and counts how often it was initialized. */
    private static final class Hello extends HttpServlet {
        private static final long serialVersionUID = 1L;
        final AtomicInteger inits = new AtomicInteger();

        @Override
        public void init() throws ServletException {
            inits.incrementAndGet();
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write("hello " + request.getPathInfo());
        }
    }
}
