package org.medbroker.engine.outbound;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;

/**
 * A journal entry as the store applier has just stored it: what the outbound queue needs to route it.
 * {@code resultSet} is empty for an HL7 v2 message (forwarded as it came); for another protocol (ASTM) it
 * holds the resources its ORU^R01 is built from.
 */
public record AppliedMessage(long seq, String listener, String status, Charset charset, byte[] raw,
        Optional<List<Resource>> resultSet) {

    /** An HL7 v2 message. */
    public AppliedMessage(long seq, String listener, String status, Charset charset, byte[] raw) {
        this(seq, listener, status, charset, raw, Optional.empty());
    }
}
