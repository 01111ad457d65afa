package org.medbroker.engine.routes;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.builder.RouteBuilder;
import org.medbroker.engine.config.BrokerConfig;

/** One route per HL7 v2 MLLP listener: the {@code hl7mllp} endpoint into the ingest processor. */
public final class Hl7MllpRouteBuilder extends RouteBuilder {

    private final BrokerConfig.Listener listener;
    private final AsyncProcessor ingest;

    public Hl7MllpRouteBuilder(BrokerConfig.Listener listener, AsyncProcessor ingest) {
        this.listener = listener;
        this.ingest = ingest;
    }

    public static String routeId(BrokerConfig.Listener listener) {
        return "listener-" + listener.name();
    }

    @Override
    public void configure() {
        from(endpointUri(listener)).routeId(routeId(listener)).process(ingest);
    }

    static String endpointUri(BrokerConfig.Listener listener) {
        StringBuilder uri = new StringBuilder("hl7mllp:").append(listener.bind()).append(':').append(listener.port())
                .append("?listenerName=").append(encode(listener.name()))
                .append("&maxBlockBytes=").append(listener.maxMessageBytes())
                .append("&idleTimeoutSeconds=").append(Math.max(1, listener.idleTimeout().toSeconds()))
                .append("&allowedPeers=").append(encode(String.join(",", listener.allowedPeers())));
        listener.tls().ifPresent(tls -> uri.append("&keyStore=").append(encode(tls.keyStore().toString()))
                .append("&keyStorePassword=RAW(").append(tls.keyStorePassword()).append(')')
                .append("&keyStoreType=").append(encode(tls.keyStoreType())));
        return uri.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
