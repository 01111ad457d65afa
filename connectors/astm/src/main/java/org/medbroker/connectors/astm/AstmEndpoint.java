package org.medbroker.connectors.astm;

import java.nio.charset.Charset;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.medbroker.connectors.astm.codec.E1381;
import org.medbroker.connectors.astm.codec.FramingMode;
import org.medbroker.connectors.astm.link.ContentionPriority;
import org.medbroker.connectors.astm.link.E1381Timeouts;

/**
 * An ASTM line: a listening socket ({@code transport=TCP_SERVER}, the default: {@code astm:host:port}),
 * a connection to an analyzer that listens ({@code TCP_CLIENT}: {@code astm:analyzerHost:port}), or a serial
 * port ({@code SERIAL}: {@code astm:serial:0?serialPort=/dev/ttyUSB0&baudRate=9600&dataBits=8&parity=NONE&stopBits=1&flowControl=NONE},
 * flow control NONE, RTS_CTS or XON_XOFF). Client and serial lines are reopened after {@code reconnectMinMillis},
 * doubling to {@code reconnectMaxMillis}. Options: {@code listenerName} (names the connections in the log, e.g.
 * {@code SYSMEX-XN}), {@code framing} ({@code E1381}, the default, {@code PLAIN} for STX...ETX blocks
 * without number or checksum, which implies lenient frame numbers, or {@code RECORDS} for bare CR-separated records), {@code lenientFrameNumbers} (accept
 * any frame number),
 * {@code mllp} (with {@code framing=RECORDS}: records in MLLP blocks), {@code maxWaitingMessages} (received messages
 * a connection holds for the route before it answers ENQ with NAK, receiver busy; 1024), {@code maxInFlightMessages}
 * (messages of one connection given to the route before the first is settled; 32; 1 routes them one by one), {@code contentionPriority} (HOST, the
 * default, or INSTRUMENT for a simulator), {@code establishmentReplyMillis}, {@code establishmentRetryDelayMillis},
 * {@code contentionHostWaitMillis}, {@code frameReplyMillis}, {@code frameReceiveMillis} (the E1381 timers, 0 for the standard's),
 * {@code maxFrameText} (longest frame text accepted; 247, the E1381 maximum, unless a device sends whole
 * messages in one frame), {@code charset} (of the record text, ISO-8859-1 unless set; given to the
 * exchange as {@code CamelCharsetName}), {@code idleTimeoutSeconds} (connections with nothing received for
 * that long are closed; 0 never closes them) and {@code allowedPeers} (comma-separated IPv4/IPv6 addresses or CIDR blocks; empty allows all).
 */
public final class AstmEndpoint extends DefaultEndpoint {

    private String host;
    private int port;
    private String listenerName = "astm";
    private FramingMode framing = FramingMode.E1381;
    private boolean lenientFrameNumbers;
    private int maxFrameText = E1381.STANDARD_MAX_TEXT_LENGTH;
    private String charset = "ISO-8859-1";
    private int idleTimeoutSeconds = 600;
    private String allowedPeers = "";
    private String keyStore = "";
    private String keyStorePassword = "";
    private String keyStoreType = "PKCS12";
    private boolean mllp;
    private ContentionPriority contentionPriority = ContentionPriority.HOST;
    private AstmTransport transport = AstmTransport.TCP_SERVER;
    private String serialPort = "";
    private int baudRate = 9600;
    private int dataBits = 8;
    private String parity = "NONE";
    private String stopBits = "1";
    private String flowControl = "NONE";
    private int maxWaitingMessages = 1024;
    private int maxInFlightMessages = 32;
    private long reconnectMinMillis = 1_000;
    private long reconnectMaxMillis = 60_000;
    private long establishmentReplyMillis;
    private long establishmentRetryDelayMillis;
    private long contentionHostWaitMillis;
    private long frameReplyMillis;
    private long frameReceiveMillis;

    AstmEndpoint(String uri, AstmComponent component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(
                "MB-0631: astm endpoints only listen (the instrument connects to the broker); use astm only in from(...)");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (maxInFlightMessages < 1) {
            throw new IllegalArgumentException("MB-0638: maxInFlightMessages must be at least 1");
        }
        if (maxWaitingMessages < 1) {
            throw new IllegalArgumentException("MB-0638: maxWaitingMessages must be at least 1");
        }
        if (mllp && framing != FramingMode.RECORDS) {
            throw new IllegalArgumentException("MB-0634: mllp=true needs framing=RECORDS (records in MLLP blocks without E1381)");
        }
        if (maxFrameText < E1381.STANDARD_MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("MB-0632: maxFrameText " + maxFrameText + " is below the E1381 maximum of "
                    + E1381.STANDARD_MAX_TEXT_LENGTH + "; set it to at least that");
        }
        if (!Charset.isSupported(charset)) {
            throw new IllegalArgumentException("MB-0633: charset '" + charset + "' is not supported by this JVM; use e.g. ISO-8859-1 or UTF-8");
        }
        AstmConsumerSupport consumer = switch (transport) {
            case TCP_SERVER -> new AstmTcpServerConsumer(this, processor);
            case TCP_CLIENT -> new AstmTcpClientConsumer(this, processor);
            case SERIAL -> {
                if (serialPort.isBlank()) {
                    throw new IllegalArgumentException("MB-0639: transport=SERIAL needs serialPort (e.g. /dev/ttyUSB0 or COM3)");
                }
                yield new AstmSerialConsumer(this, processor);
            }
        };
        configureConsumer(consumer);
        return consumer;
    }

    /** False while the component refuses messages (see {@link AstmComponent#setAccepting}). */
    boolean accepting() {
        return ((AstmComponent) getComponent()).getAccepting().getAsBoolean();
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
    public FramingMode getFraming() { return framing; }
    public void setFraming(FramingMode framing) { this.framing = framing; }
    public boolean isLenientFrameNumbers() { return lenientFrameNumbers; }
    public void setLenientFrameNumbers(boolean lenientFrameNumbers) { this.lenientFrameNumbers = lenientFrameNumbers; }
    public int getMaxFrameText() { return maxFrameText; }
    public void setMaxFrameText(int maxFrameText) { this.maxFrameText = maxFrameText; }
    public String getCharset() { return charset; }
    public void setCharset(String charset) { this.charset = charset; }
    public int getIdleTimeoutSeconds() { return idleTimeoutSeconds; }
    public void setIdleTimeoutSeconds(int idleTimeoutSeconds) { this.idleTimeoutSeconds = idleTimeoutSeconds; }
    public boolean isMllp() { return mllp; }
    public void setMllp(boolean mllp) { this.mllp = mllp; }
    public ContentionPriority getContentionPriority() { return contentionPriority; }
    public void setContentionPriority(ContentionPriority contentionPriority) { this.contentionPriority = contentionPriority; }
    public long getEstablishmentReplyMillis() { return establishmentReplyMillis; }
    public void setEstablishmentReplyMillis(long v) { this.establishmentReplyMillis = v; }
    public long getEstablishmentRetryDelayMillis() { return establishmentRetryDelayMillis; }
    public void setEstablishmentRetryDelayMillis(long v) { this.establishmentRetryDelayMillis = v; }
    public long getContentionHostWaitMillis() { return contentionHostWaitMillis; }
    public void setContentionHostWaitMillis(long v) { this.contentionHostWaitMillis = v; }
    public long getFrameReplyMillis() { return frameReplyMillis; }
    public void setFrameReplyMillis(long v) { this.frameReplyMillis = v; }
    public long getFrameReceiveMillis() { return frameReceiveMillis; }
    public void setFrameReceiveMillis(long v) { this.frameReceiveMillis = v; }

    /** The E1381 timers: the standard's, except those set on the endpoint. */
    public E1381Timeouts timeouts() {
        E1381Timeouts t = E1381Timeouts.STANDARD;
        return new E1381Timeouts(or(establishmentReplyMillis, t.establishmentReply()), or(establishmentRetryDelayMillis,
                t.establishmentRetryDelay()), or(contentionHostWaitMillis, t.contentionHostWait()), t.contentionInstrumentDelay(),
                or(frameReplyMillis, t.frameReply()), or(frameReceiveMillis, t.frameReceive()));
    }

    private static java.time.Duration or(long millis, java.time.Duration standard) {
        return millis > 0 ? java.time.Duration.ofMillis(millis) : standard;
    }
    public AstmTransport getTransport() { return transport; }
    public void setTransport(AstmTransport transport) { this.transport = transport; }
    public String getSerialPort() { return serialPort; }
    public void setSerialPort(String serialPort) { this.serialPort = serialPort; }
    public int getBaudRate() { return baudRate; }
    public void setBaudRate(int baudRate) { this.baudRate = baudRate; }
    public int getDataBits() { return dataBits; }
    public void setDataBits(int dataBits) { this.dataBits = dataBits; }
    public String getParity() { return parity; }
    public void setParity(String parity) { this.parity = parity; }
    public String getStopBits() { return stopBits; }
    public void setStopBits(String stopBits) { this.stopBits = stopBits; }
    public String getFlowControl() { return flowControl; }
    public void setFlowControl(String flowControl) { this.flowControl = flowControl; }
    public int getMaxInFlightMessages() { return maxInFlightMessages; }
    public void setMaxInFlightMessages(int maxInFlightMessages) { this.maxInFlightMessages = maxInFlightMessages; }
    public int getMaxWaitingMessages() { return maxWaitingMessages; }
    public void setMaxWaitingMessages(int maxWaitingMessages) { this.maxWaitingMessages = maxWaitingMessages; }
    public long getReconnectMinMillis() { return reconnectMinMillis; }
    public void setReconnectMinMillis(long reconnectMinMillis) { this.reconnectMinMillis = reconnectMinMillis; }
    public long getReconnectMaxMillis() { return reconnectMaxMillis; }
    public void setReconnectMaxMillis(long reconnectMaxMillis) { this.reconnectMaxMillis = reconnectMaxMillis; }
    public String getAllowedPeers() { return allowedPeers; }
    public void setAllowedPeers(String allowedPeers) { this.allowedPeers = allowedPeers; }

    /** TLS (tcp-server): the key store with the listener's certificate and key; empty for plain TCP. */
    public String getKeyStore() {
        return keyStore;
    }

    public void setKeyStore(String keyStore) {
        this.keyStore = keyStore;
    }

    public String getKeyStorePassword() {
        return keyStorePassword;
    }

    public void setKeyStorePassword(String keyStorePassword) {
        this.keyStorePassword = keyStorePassword;
    }

    public String getKeyStoreType() {
        return keyStoreType;
    }

    public void setKeyStoreType(String keyStoreType) {
        this.keyStoreType = keyStoreType;
    }
}
