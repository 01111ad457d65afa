package org.medbroker.engine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.medbroker.engine.config.BrokerConfig;
import org.medbroker.engine.config.ConfigLoader;

/** A broker on ephemeral ports over a fresh data directory (and optionally a given JDBC store). */
public final class TestBroker implements AutoCloseable {

    public static final String TOKEN = "test-admin-token-0123456789";
    public static final String READER_TOKEN = "test-reader-token-0123456789";

    private final Broker broker;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestBroker(Broker broker) {
        this.broker = broker;
    }

    public static TestBroker start(Path dataDir, String jdbcUrl, String user) throws Exception {
        return start(dataDir, jdbcUrl, user, "journaled");
    }

    public static TestBroker start(Path dataDir, String jdbcUrl, String user, String ackMode) throws Exception {
        return start(dataDir, jdbcUrl, user, ackMode, "");
    }

    /**
     * A YAML list entry for {@link #withListeners}: a DICOM listener {@code name} on 127.0.0.1, an
     * ephemeral port, AE title MEDBROKER, with the keys of {@code more} (YAML, e.g. a storage section).
     */
    public static String dicomListener(String name, String more) {
        return """
                - name: %s
                  type: dicom
                  bind: 127.0.0.1
                  port: 0
                  aeTitle: MEDBROKER
                """.formatted(name) + more.strip().indent(2);
    }

    /** With more listeners: YAML list entries, indented as items of {@code listeners:}. */
    public static TestBroker withListeners(Path dataDir, String moreListeners) throws Exception {
        return start(dataDir, null, null, "journaled", moreListeners.strip().indent(2));
    }

    /** With more listeners (YAML list items, each line as it stands in the file: "  - name: ...") beside the HL7 listener {@code lab}. */
    public static TestBroker start(Path dataDir, String jdbcUrl, String user, String ackMode, String moreListeners) throws Exception {
        return start(dataDir, jdbcUrl, user, ackMode, moreListeners, "");
    }

    /** The embedded store with more {@code store:} settings ("key: value" lines). */
    public static TestBroker withStoreSettings(Path dataDir, String storeSettings) throws Exception {
        return start(dataDir, null, null, "journaled", "", storeSettings.strip().indent(2));
    }

    private static TestBroker start(Path dataDir, String jdbcUrl, String user, String ackMode, String moreListeners,
            String storeSettings) throws Exception {
        Files.createDirectories(dataDir);
        Path config = dataDir.resolve("medbroker.yaml");
        Files.writeString(config, """
                dataDir: %s
                store:
                  jdbcUrl: "%s"
                  username: "%s"
                %s
                http:
                  bind: 127.0.0.1
                  port: 0
                tokens:
                  - name: admin
                    secret: %s
                    scopes: [admin]
                  - name: reader
                    secret: %s
                    scopes: [fhir:read]
                listeners:
                  - name: lab
                    type: hl7-mllp
                    bind: 127.0.0.1
                    port: 0
                    defaultCharset: windows-1251
                    ack: %s
                %s
                destinations:
                  - name: store
                    type: store
                routes:
                  - from: lab
                    to: [store]
                mapping:
                  timezone: Europe/Moscow
                """.formatted(dataDir.resolve("data"), jdbcUrl == null ? "" : jdbcUrl, user == null ? "" : user,
                storeSettings.stripTrailing(), TOKEN,
                READER_TOKEN, ackMode, moreListeners.stripTrailing()));
        BrokerConfig loaded = new ConfigLoader(Map.of()).load(config);
        return new TestBroker(Broker.start(loaded));
    }

    public Broker broker() {
        return broker;
    }

    public int port(String listener) {
        return broker.listenerPort(listener);
    }

    public int mllpPort() {
        return broker.listenerPort("lab");
    }

    public MllpTestClient client() throws IOException {
        return new MllpTestClient(mllpPort());
    }

    /** Waits until the store holds everything journaled so far. */
    public void awaitApplied() throws InterruptedException {
        long target = broker.journal().durableSeq();
        if (!broker.applier().awaitApplied(target, Duration.ofSeconds(30))) {
            throw new AssertionError("store applier did not catch up to " + target);
        }
    }

    public HttpResponse<String> get(String pathAndQuery, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.httpPort() + pathAndQuery));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        broker.close();
    }
}
