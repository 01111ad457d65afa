package org.medbroker.engine.routes;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.builder.RouteBuilder;
import org.medbroker.engine.config.BrokerConfig;

/** One route per listener: the listener's endpoint, built from its configuration, into its ingest processor. */
abstract class ListenerRouteBuilder extends RouteBuilder {

    private final BrokerConfig.Listener listener;
    private final AsyncProcessor ingest;

    ListenerRouteBuilder(BrokerConfig.Listener listener, AsyncProcessor ingest) {
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

    abstract String endpointUri(BrokerConfig.Listener listener);

    /** The TLS options both TCP components take, when the listener has a key store. */
    static void appendTls(StringBuilder uri, BrokerConfig.Listener listener) {
        listener.tls().ifPresent(tls -> uri.append("&keyStore=").append(encode(tls.keyStore().toString()))
                .append("&keyStorePassword=RAW(").append(tls.keyStorePassword()).append(')')
                .append("&keyStoreType=").append(encode(tls.keyStoreType())));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
