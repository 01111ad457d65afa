package org.medbroker.engine.routes;

import org.apache.camel.AsyncProcessor;
import org.medbroker.engine.config.BrokerConfig;

/** One route per HL7 v2 MLLP listener: the {@code hl7mllp} endpoint into the ingest processor. */
public final class Hl7MllpRouteBuilder extends ListenerRouteBuilder {

    public Hl7MllpRouteBuilder(BrokerConfig.Listener listener, AsyncProcessor ingest) {
        super(listener, ingest);
    }

    @Override
    String endpointUri(BrokerConfig.Listener listener) {
        StringBuilder uri = new StringBuilder("hl7mllp:").append(listener.bind()).append(':').append(listener.port())
                .append("?listenerName=").append(encode(listener.name()))
                .append("&maxBlockBytes=").append(listener.maxMessageBytes())
                .append("&idleTimeoutSeconds=").append(Math.max(1, listener.idleTimeout().toSeconds()))
                .append("&allowedPeers=").append(encode(String.join(",", listener.allowedPeers())));
        appendTls(uri, listener);
        return uri.toString();
    }
}
