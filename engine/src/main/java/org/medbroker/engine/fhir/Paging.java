package org.medbroker.engine.fhir;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * Where a result provider starts and the most it returns at once. HAPI asks a provider for index
 * ranges; with {@code _offset} (history links always carry it) index 0 is the offset and HAPI asks
 * for "everything", so the page size must be enforced here.
 */
record Paging(int startOffset, int maxPage) {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 500;

    static Paging of(Integer offset, Integer count) {
        if (offset == null) {
            return new Paging(0, MAX_PAGE_SIZE);
        }
        if (offset < 0) {
            throw new InvalidRequestException("MB-0547: _offset must not be negative");
        }
        int size = count == null ? DEFAULT_PAGE_SIZE : count;
        if (size < 0 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("MB-0548: _count must be between 0 and " + MAX_PAGE_SIZE);
        }
        return new Paging(offset, size);
    }

    /** How many to read for HAPI's index range [from, to) of a result with {@code total} entries. */
    int limit(int from, int to, int total) {
        return Math.max(0, Math.min(Math.min(to - from, maxPage), total - (startOffset + from)));
    }
}
