package org.medbroker.mappings.fhirtov2;

import java.time.Instant;
import java.util.Objects;

/**
 * What MSH says about the sender rather than the results: MSH-3/4 (ours), MSH-5/6 (empty when not
 * configured), MSH-7 (when the message was made: the same on every resend) and MSH-10.
 */
public record OruHeader(String sendingApplication, String sendingFacility, String receivingApplication,
        String receivingFacility, Instant createdAt, String controlId) {

    public OruHeader {
        Objects.requireNonNull(sendingApplication, "sendingApplication");
        Objects.requireNonNull(sendingFacility, "sendingFacility");
        Objects.requireNonNull(receivingApplication, "receivingApplication");
        Objects.requireNonNull(receivingFacility, "receivingFacility");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(controlId, "controlId");
    }
}
