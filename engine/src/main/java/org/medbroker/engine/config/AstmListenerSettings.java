package org.medbroker.engine.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.medbroker.mappings.astm.AnalyzerCodeMap;

/**
 * What a listener of type {@code astm} adds to {@link BrokerConfig.Listener} (whose {@code bind}, {@code port},
 * {@code allowedPeers}, {@code defaultCharset} and {@code idleTimeout} it uses as well). See docs/astm.md.
 *
 * @param transport who connects, or a serial line
 * @param remoteHost tcp-client: the analyzer's host
 * @param remotePort tcp-client: the analyzer's port
 * @param serial serial: the line settings
 * @param framing E1381 frames, STX...ETX blocks, or CR-separated records without a link layer
 * @param mllp RECORDS framing only: records wrapped in MLLP blocks ({@code <VT> ... <FS><CR>})
 * @param strictFrames strict: E1381 frame numbers and the 247-character limit are enforced (NAK);
 *        lenient: any frame number and frames up to {@code maxFrameText} are accepted, as real devices send
 * @param maxFrameText the longest frame text accepted
 * @param codeMap the analyzer's code map (built-in name or file)
 * @param patientIdSystems identifier system per P field ({@code P.3}, {@code P.4}, {@code P.5})
 * @param orderDownload the analyzer accepts orders pushed by the broker
 * @param reconnectMin tcp-client and serial: first pause before reopening
 * @param reconnectMax tcp-client and serial: longest pause before reopening
 * @param specimenIdComponent component (from 1) of O.3 and Q.3 holding the specimen barcode; 0 auto (see
 *        {@code AstmMappingOptions})
 * @param timeouts E1381 timers by name ({@link #TIMER_NAMES}); absent ones are the standard's
 */
public record AstmListenerSettings(
        Transport transport,
        String remoteHost,
        int remotePort,
        Optional<Serial> serial,
        Framing framing,
        boolean mllp,
        boolean strictFrames,
        int maxFrameText,
        AnalyzerCodeMap codeMap,
        Map<String, String> patientIdSystems,
        boolean orderDownload,
        Duration reconnectMin,
        Duration reconnectMax,
        Map<String, Duration> timeouts,
        int specimenIdComponent) {

    /** The E1381 timers a listener may set (clause 6.5.2); the rest keep the standard's values. */
    public static final java.util.List<String> TIMER_NAMES = java.util.List.of("establishmentReply", "establishmentRetryDelay",
            "contentionHostWait", "frameReply", "frameReceive");

    public AstmListenerSettings {
        patientIdSystems = Map.copyOf(patientIdSystems);
        timeouts = Map.copyOf(timeouts);
    }

    public enum Transport { TCP_SERVER, TCP_CLIENT, SERIAL }

    public enum Framing { E1381, PLAIN, RECORDS }

    public enum Parity { NONE, ODD, EVEN, MARK, SPACE }

    public enum FlowControl { NONE, RTS_CTS, XON_XOFF }

    /** A serial line: device name ({@code /dev/ttyUSB0}, {@code COM3}), 1200 to 115200 baud, 5 to 8 data bits, 1, 1.5 or 2 stop bits. */
    public record Serial(String port, int baud, int dataBits, Parity parity, String stopBits, FlowControl flowControl) {}
}
