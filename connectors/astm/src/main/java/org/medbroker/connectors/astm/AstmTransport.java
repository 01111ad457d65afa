package org.medbroker.connectors.astm;

/** Who opens the line to the analyzer. */
public enum AstmTransport {
    /** The analyzer connects to the broker. */
    TCP_SERVER,
    /** The broker connects to the analyzer (or to a serial-to-Ethernet converter in server mode). */
    TCP_CLIENT,
    /** An RS-232 line, through a USB adapter or a built-in port. */
    SERIAL
}
