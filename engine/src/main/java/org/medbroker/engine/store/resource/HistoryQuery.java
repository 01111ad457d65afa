package org.medbroker.engine.store.resource;

import java.time.Instant;
import java.util.Objects;

/**
 * Versions of one resource (id given) or of a whole type (id null), newest first, written after
 * {@code since} (null for all) and not after {@code notAfter}, which pins the result while it is paged.
 */
public record HistoryQuery(String resourceType, String id, Instant since, Instant notAfter) {

    public HistoryQuery {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(notAfter, "notAfter");
    }
}
