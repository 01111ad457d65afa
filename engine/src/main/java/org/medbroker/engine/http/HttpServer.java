package org.medbroker.engine.http;

import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded Jetty on one host and port, HTTPS when {@link TlsSettings} are given. Port 0 picks a
 * free port; {@link #port()} tells which. A servlet given under several path specs is one servlet
 * with several mappings. Error pages carry no stack traces and responses no
 * server version. Requests are not logged: their URLs can hold patient identifiers.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final int MAX_THREADS = 64;
    private static final long IDLE_TIMEOUT_MILLIS = 30_000;

    private final String bindHost;
    private final int requestedPort;
    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;

    public HttpServer(String bindHost, int port, Optional<TlsSettings> tls, Map<String, HttpServlet> servletsByPathSpec) {
        this.bindHost = Objects.requireNonNull(bindHost, "bindHost");
        this.requestedPort = port;
        this.tls = tls.isPresent();
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS);
        threads.setName("http");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        if (tls.isPresent()) {
            http.addCustomizer(new SecureRequestCustomizer());
            this.connector = new ServerConnector(server,
                    new SslConnectionFactory(sslContextFactory(tls.get()), "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(bindHost);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        Map<HttpServlet, ServletHolder> holders = new IdentityHashMap<>();
        for (Map.Entry<String, HttpServlet> entry : new LinkedHashMap<>(servletsByPathSpec).entrySet()) {
            ServletHolder holder = holders.computeIfAbsent(entry.getValue(), ServletHolder::new);
            context.addServlet(holder, entry.getKey());
        }
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowMessageInTitle(false);
        context.setErrorHandler(errors);
        server.setErrorHandler(errors);
        server.setHandler(context);
        server.setStopTimeout(5_000);
    }

    /** Binds the port and starts serving; servlets are initialized here. */
    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start failure is what matters
            }
            throw new IllegalStateException("MB-0570: the HTTP server could not start on " + bindHost + ":" + requestedPort
                    + "; check that the port is free and the key store readable (" + e.getClass().getSimpleName() + ")", e);
        }
        LOG.info("http: listening on {}://{}:{}", tls ? "https" : "http", bindHost, port());
    }

    /** The port actually bound (the chosen one when constructed with 0); -1 before {@link #start()}. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("MB-0571: the HTTP server did not stop cleanly ({})", e.getClass().getSimpleName());
        }
    }

    private static SslContextFactory.Server sslContextFactory(TlsSettings settings) {
        if (!Files.isReadable(settings.keyStore())) {
            throw new IllegalArgumentException("MB-0572: the TLS key store " + settings.keyStore() + " cannot be read; check the path");
        }
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(settings.keyStore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(settings.keyStorePassword());
        ssl.setKeyStoreType(settings.keyStoreType());
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return ssl;
    }
}
