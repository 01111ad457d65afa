package org.medbroker.engine.journal;

import java.time.Instant;

/** One message as received, exactly as it is kept in the journal. */
public record JournalEntry(
        long seq, Instant receivedAt, String listener, String remoteAddress, String protocol, byte[] payload) {}
