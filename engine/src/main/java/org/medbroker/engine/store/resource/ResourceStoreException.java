package org.medbroker.engine.store.resource;

/** A read from the resource store failed in the database; the message carries no patient data. */
public final class ResourceStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ResourceStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
