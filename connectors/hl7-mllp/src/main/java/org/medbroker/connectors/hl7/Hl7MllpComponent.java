package org.medbroker.connectors.hl7;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/** {@code hl7mllp:host:port?options}: an HL7 v2 MLLP listener. */
public final class Hl7MllpComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String hostPort = remaining.startsWith("//") ? remaining.substring(2) : remaining;
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("MB-0201: hl7mllp endpoint needs host:port, got " + remaining);
        }
        Hl7MllpEndpoint endpoint = new Hl7MllpEndpoint(uri, this);
        endpoint.setHost(hostPort.substring(0, colon));
        endpoint.setPort(Integer.parseInt(hostPort.substring(colon + 1)));
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
