package org.medbroker.engine.store.resource;

/**
 * Which slice of a result to read: {@code limit} results after {@code after} when it is given
 * (keyset paging, stable while resources change), else after skipping {@code offset}.
 */
public record PageRequest(int offset, int limit, SortKey after) {

    public PageRequest {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("MB-0505: page offset and limit must not be negative");
        }
    }

    public static PageRequest ofOffset(int offset, int limit) {
        return new PageRequest(offset, limit, null);
    }

    public static PageRequest after(SortKey after, int limit) {
        return new PageRequest(0, limit, after);
    }
}
