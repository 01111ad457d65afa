package org.medbroker.engine.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.engine.journal.JournalEntry;
import org.medbroker.engine.store.MessageRepository.MessageRow;

/**
 * Applies the journal entries of a protocol other than HL7 v2 for {@link StoreApplier}, inside its
 * transaction: whatever it writes commits or rolls back with the batch.
 */
public interface EntryApplier {

    /** The message row to store and the resources to upsert with the batch. */
    record Applied(MessageRow row, List<Resource> resources) {}

    Applied apply(Connection connection, JournalEntry entry, Instant now) throws SQLException;

    /** The row for an entry the store rejected ({@code reason} names the failure, without content). */
    MessageRow failed(JournalEntry entry, String reason, Instant now);
}
