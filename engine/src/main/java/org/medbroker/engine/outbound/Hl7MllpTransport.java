package org.medbroker.engine.outbound;

import java.io.IOException;
import org.medbroker.connectors.hl7.client.MllpClient;
import org.medbroker.connectors.hl7.client.MllpConnection;
import org.medbroker.engine.config.BrokerConfig.Hl7MllpDestination;
import org.medbroker.mappings.v2transform.TransformRejected;

/**
 * HL7 v2 over MLLP, one message in flight on one connection. AA (or CA) naming our MSH-10 in MSA-2
 * is delivered; AE/AR, or an ACK for another control id, is rejected with the receiver's text; no
 * connection, a lost connection or no ACK within {@code ackTimeout} is the destination's fault. After
 * any failure the connection is closed, so a late ACK is never taken for the next message's. A study
 * event goes out as its {@link StudyAnnouncement} ORU^R01. The destination's transforms edit every message
 * first; one they reject is undeliverable and is never sent.
 */
final class Hl7MllpTransport implements Transport {

    private final Hl7MllpDestination config;
    private final MllpClient client;
    private MllpConnection connection;

    Hl7MllpTransport(Hl7MllpDestination config, MllpClient client) {
        this.config = config;
        this.client = client;
    }

    @Override
    public String peer() {
        return "MLLP " + client.peer() + (config.tls().isPresent() ? " (TLS)" : "");
    }

    @Override
    public Outcome send(OutboundQueue.Due message) throws InterruptedException {
        OutboundPayload.Hl7 payload;
        try {
            payload = OutboundPayload.hl7(message, config.sendingApplication(), config.sendingFacility(),
                    config.receivingApplication(), config.receivingFacility());
        } catch (RuntimeException e) {
            return new Outcome.Rejected("AR", "MB-0725: cannot build the outbound message: " + e.getMessage());
        }
        try {
            payload = OutboundPayload.transformed(payload, config.transforms());
        } catch (TransformRejected e) {
            return new Outcome.Undeliverable(e.getMessage());
        }
        try {
            if (connection == null || !connection.isOpen()) {
                connection = client.connect();
            }
        } catch (MllpClient.MllpConnectException e) {
            connection = null;
            return new Outcome.Unreachable("unreachable", e.getMessage());
        }
        try {
            MisAck ack = MisAck.parse(connection.exchange(payload.bytes(), config.ackTimeout()), payload.charset());
            if (!message.controlId().equals(ack.controlId())) {
                close();
                return new Outcome.Rejected("AR", "MB-0726: the acknowledgement names control id '" + ack.controlId()
                        + "', expected " + message.controlId());
            }
            if (ack.accepted()) {
                return new Outcome.Delivered(ack.code());
            }
            return new Outcome.Rejected(ack.code().isEmpty() ? "AR" : ack.code(), ack.text());
        } catch (MllpConnection.MllpAckTimeoutException e) {
            close();
            return new Outcome.Unreachable("timeout", e.getMessage());
        } catch (IOException e) {
            close();
            return new Outcome.Unreachable("unreachable", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
