package org.medbroker.engine.routes;

import org.apache.camel.AsyncProcessor;
import org.medbroker.engine.config.AstmListenerSettings;
import org.medbroker.engine.config.BrokerConfig;

/** One route per ASTM listener: the {@code astm} endpoint into the ASTM ingest processor. */
public final class AstmRouteBuilder extends ListenerRouteBuilder {

    public AstmRouteBuilder(BrokerConfig.Listener listener, AsyncProcessor ingest) {
        super(listener, ingest);
    }

    @Override
    String endpointUri(BrokerConfig.Listener listener) {
        AstmListenerSettings astm = listener.astm().orElseThrow();
        StringBuilder uri = new StringBuilder("astm:");
        switch (astm.transport()) {
            case TCP_SERVER -> uri.append(listener.bind()).append(':').append(listener.port()).append('?');
            case TCP_CLIENT -> uri.append(astm.remoteHost()).append(':').append(astm.remotePort()).append("?transport=TCP_CLIENT&");
            case SERIAL -> {
                AstmListenerSettings.Serial serial = astm.serial().orElseThrow();
                uri.append("serial:0?transport=SERIAL&serialPort=").append(encode(serial.port()))
                        .append("&baudRate=").append(serial.baud()).append("&dataBits=").append(serial.dataBits())
                        .append("&parity=").append(serial.parity()).append("&stopBits=").append(encode(serial.stopBits()))
                        .append("&flowControl=").append(serial.flowControl()).append('&');
            }
        }
        uri.append("listenerName=").append(encode(listener.name()))
                .append("&framing=").append(astm.framing())
                .append("&mllp=").append(astm.mllp())
                .append("&lenientFrameNumbers=").append(!astm.strictFrames())
                .append("&maxFrameText=").append(astm.maxFrameText())
                .append("&charset=").append(encode(listener.defaultCharset().name()))
                .append("&idleTimeoutSeconds=").append(Math.max(1, listener.idleTimeout().toSeconds()))
                .append("&allowedPeers=").append(encode(String.join(",", listener.allowedPeers())));
        appendTls(uri, listener);
        astm.timeouts().forEach((timer, value) -> uri.append('&').append(timer).append("Millis=").append(value.toMillis()));
        if (astm.transport() != AstmListenerSettings.Transport.TCP_SERVER) {
            uri.append("&reconnectMinMillis=").append(astm.reconnectMin().toMillis())
                    .append("&reconnectMaxMillis=").append(astm.reconnectMax().toMillis());
        }
        return uri.toString();
    }
}
