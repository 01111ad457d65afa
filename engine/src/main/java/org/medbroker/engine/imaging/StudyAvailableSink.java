package org.medbroker.engine.imaging;

import java.sql.Connection;
import java.sql.SQLException;
import org.medbroker.engine.store.ImagingIndex;

/**
 * Receives each {@link StudyAvailable} inside the transaction that writes the ImagingStudy version, so
 * what it records (the outbound queue rows) commits or rolls back with the version: a crash before
 * the commit republishes the study at the next start, after it nothing is published twice.
 */
@FunctionalInterface
public interface StudyAvailableSink {

    StudyAvailableSink NONE = (connection, event, study) -> { };

    void published(Connection connection, StudyAvailable event, ImagingIndex.IndexedStudy study) throws SQLException;
}
