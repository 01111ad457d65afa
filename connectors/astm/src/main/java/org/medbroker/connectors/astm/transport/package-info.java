/**
 * Transports below the E1381 codec that Netty has no channel for: a serial line (jSerialComm) bridged
 * into a Netty local channel, and the reconnect backoff shared with the TCP client.
 */
package org.medbroker.connectors.astm.transport;
