package org.medbroker.engine.store.audit;

/** The audit trail could not be written or read; the message carries no patient data. */
public final class AuditException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
