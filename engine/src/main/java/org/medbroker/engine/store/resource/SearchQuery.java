package org.medbroker.engine.store.resource;

import java.util.List;
import java.util.Objects;

/** A search over the current versions of one resource type: criteria AND'ed, results in last-updated order. */
public record SearchQuery(String resourceType, List<Criterion> criteria, Order order) {

    /** Result order; ties on the timestamp are broken by resource id. */
    public enum Order {
        OLDEST_FIRST,
        NEWEST_FIRST
    }

    public SearchQuery {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(order, "order");
        criteria = List.copyOf(criteria);
    }

    public static SearchQuery all(String resourceType) {
        return new SearchQuery(resourceType, List.of(), Order.OLDEST_FIRST);
    }
}
