package org.medbroker.engine.ingest;

import java.nio.charset.Charset;
import java.util.Optional;
import org.medbroker.connectors.hl7.message.AckCode;
import org.medbroker.connectors.hl7.message.AckError;
import org.medbroker.connectors.hl7.message.MshHeader;
import org.medbroker.mappings.hl7v2.MappingResult;

/**
 * A message parsed, validated and mapped in memory: what the ACK says and what the store applier
 * will write. Preparing the same bytes again gives the same result.
 */
public record Prepared(
        Optional<MshHeader> header,
        Charset charset,
        AckCode ackCode,
        Optional<AckError> error,
        Optional<MappingResult> mapping) {

    public String messageType() {
        return header.map(MshHeader::messageType).orElse("");
    }

    public String controlId() {
        return header.map(MshHeader::controlId).orElse("");
    }
}
