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

    /**
     * The message row to store and the resources to upsert with the batch; no row for an entry the
     * message journal does not list (it is kept elsewhere, as DICOM objects are in the imaging index).
     */
    record Applied(MessageRow row, List<Resource> resources) {}

    Applied apply(Connection connection, JournalEntry entry, Instant now) throws SQLException;

    /** The row for an entry the store rejected ({@code reason} names the failure, without content). */
    MessageRow failed(JournalEntry entry, String reason, Instant now);

    /**
     * Whether the store applier may leave this protocol's entries in the journal while messages keep
     * arriving ({@code store.maxApplyDelay}); false: applied as they come, at full speed.
     */
    default boolean deferrable() {
        return true;
    }

    /** Called before the transaction of the entries applied since the last commit or rollback commits; may throw to roll it back. */
    default void beforeCommit() {}

    /** That transaction committed. */
    default void committed() {}

    /** That transaction rolled back: its entries will be applied again. */
    default void rolledBack() {}
}
