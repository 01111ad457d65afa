package org.medbroker.engine.journal;

/** The journal could not make an entry durable (disk full, unwritable directory, I/O error). */
public final class JournalException extends RuntimeException {
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
