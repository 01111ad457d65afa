package org.medbroker.connectors.astm.transport;

import java.util.Objects;

/**
 * A serial line as the analyzer's manual gives it.
 *
 * @param port device name ({@code /dev/ttyUSB0}, {@code COM3}) or path
 * @param baudRate 1200 to 115200
 * @param dataBits 5 to 8
 * @param parity NONE, ODD, EVEN, MARK or SPACE
 * @param stopBits "1", "1.5" or "2"
 * @param flowControl NONE, RTS_CTS or XON_XOFF
 */
public record SerialSettings(String port, int baudRate, int dataBits, String parity, String stopBits, String flowControl) {

    public SerialSettings {
        Objects.requireNonNull(port, "port");
        if (baudRate < 1200 || baudRate > 115_200) {
            throw new IllegalArgumentException("MB-0640: baud rate must be 1200 to 115200");
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("MB-0641: data bits must be 5 to 8");
        }
    }
}
