package org.medbroker.connectors.hl7;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * An MLLP listening socket. Options: {@code listenerName}, {@code maxBlockBytes},
 * {@code idleTimeoutSeconds} (connections with no traffic are closed), {@code allowedPeers}
 * (comma-separated IPv4/IPv6 addresses or CIDR blocks; empty allows all), {@code keyStore},
 * {@code keyStorePassword}, {@code keyStoreType} (TLS when a key store is set),
 * {@code ackApplication}/{@code ackFacility} (MSH-3/4 of ACKs when the sender left MSH-5/6 empty).
 */
public final class Hl7MllpEndpoint extends DefaultEndpoint {

    private String host;
    private int port;
    private String listenerName = "mllp";
    private int maxBlockBytes = 16 << 20;
    private int idleTimeoutSeconds = 600;
    private String allowedPeers = "";
    private String keyStore;
    private String keyStorePassword = "";
    private String keyStoreType = "PKCS12";
    private String ackApplication = "MEDBROKER";
    private String ackFacility = "MEDBROKER";

    Hl7MllpEndpoint(String uri, Hl7MllpComponent component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("MB-0202: hl7mllp endpoints only listen; outbound HL7 uses a destination");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Hl7MllpTcpServerConsumer consumer = new Hl7MllpTcpServerConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public boolean isSingleton() {
        return true;
    }

    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public String getListenerName() { return listenerName; }
    public void setListenerName(String listenerName) { this.listenerName = listenerName; }
    public int getMaxBlockBytes() { return maxBlockBytes; }
    public void setMaxBlockBytes(int maxBlockBytes) { this.maxBlockBytes = maxBlockBytes; }
    public int getIdleTimeoutSeconds() { return idleTimeoutSeconds; }
    public void setIdleTimeoutSeconds(int idleTimeoutSeconds) { this.idleTimeoutSeconds = idleTimeoutSeconds; }
    public String getAllowedPeers() { return allowedPeers; }
    public void setAllowedPeers(String allowedPeers) { this.allowedPeers = allowedPeers; }
    public String getKeyStore() { return keyStore; }
    public void setKeyStore(String keyStore) { this.keyStore = keyStore; }
    public String getKeyStorePassword() { return keyStorePassword; }
    public void setKeyStorePassword(String keyStorePassword) { this.keyStorePassword = keyStorePassword; }
    public String getKeyStoreType() { return keyStoreType; }
    public void setKeyStoreType(String keyStoreType) { this.keyStoreType = keyStoreType; }
    public String getAckApplication() { return ackApplication; }
    public void setAckApplication(String ackApplication) { this.ackApplication = ackApplication; }
    public String getAckFacility() { return ackFacility; }
    public void setAckFacility(String ackFacility) { this.ackFacility = ackFacility; }
}
