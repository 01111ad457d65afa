package org.medbroker.connectors.astm;

import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code astm:host:port?options}: an ASTM E1381/E1394 listener (the instrument connects to the broker).
 * While {@link #setAccepting accepting} says no, every endpoint answers an instrument's ENQ with NAK.
 */
public final class AstmComponent extends DefaultComponent {

    private BooleanSupplier accepting = () -> true;

    public AstmComponent() {
    }

    /** @param accepting asked at each ENQ on every endpoint: false while received messages could not be kept */
    public AstmComponent(BooleanSupplier accepting) {
        setAccepting(accepting);
    }

    /** Whether the endpoints take messages now. */
    public BooleanSupplier getAccepting() {
        return accepting;
    }

    public void setAccepting(BooleanSupplier accepting) {
        this.accepting = Objects.requireNonNull(accepting, "accepting");
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String hostPort = remaining.startsWith("//") ? remaining.substring(2) : remaining;
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("MB-0630: astm endpoint needs host:port, got " + remaining);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MB-0630: astm endpoint needs host:port with a numeric port, got " + remaining, e);
        }
        AstmEndpoint endpoint = new AstmEndpoint(uri, this);
        endpoint.setHost(hostPort.substring(0, colon));
        endpoint.setPort(port);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
