package org.medbroker.engine.store.resource;

import java.time.Instant;
import java.util.Objects;
import org.hl7.fhir.r4.model.Resource;

/** Where a result sits in last-updated order, so the next page can start right after it. */
public record SortKey(Instant lastUpdated, String id) {

    public SortKey {
        Objects.requireNonNull(lastUpdated, "lastUpdated");
        Objects.requireNonNull(id, "id");
    }

    /** The key of a resource read from this store (its meta.lastUpdated and id). */
    public static SortKey of(Resource resource) {
        return new SortKey(resource.getMeta().getLastUpdated().toInstant(), resource.getIdElement().getIdPart());
    }
}
