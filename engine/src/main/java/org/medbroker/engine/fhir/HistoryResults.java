package org.medbroker.engine.fhir;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;
import org.medbroker.engine.store.resource.HistoryQuery;
import org.medbroker.engine.store.resource.ResourceStore;

/**
 * Versions, newest first, paged in SQL. Each request's count and page see the versions written up
 * to the moment it was made. HAPI pages history with {@code _offset} links, one query per page, so
 * versions written between two pages push older ones down: a client may see a version twice, but
 * does not miss one.
 */
final class HistoryResults implements IBundleProvider {

    private final ResourceStore store;
    private final HistoryQuery query;
    private final InstantType published;
    private final int size;
    private final Paging paging;

    HistoryResults(ResourceStore store, String resourceType, String id, Instant since, Paging paging) {
        Instant now = Instant.now();
        this.store = store;
        this.paging = paging;
        this.query = new HistoryQuery(resourceType, id, since, now);
        this.published = new InstantType(Date.from(now));
        this.size = StoreCalls.call(() -> store.historyCount(query));
    }

    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex) {
        int limit = paging.limit(fromIndex, toIndex, size);
        if (limit <= 0) {
            return new ArrayList<>();
        }
        int start = paging.startOffset() + fromIndex;
        return new ArrayList<>(StoreCalls.call(() -> store.history(query, start, limit)));
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    @Override
    public String getUuid() {
        return null;
    }

    @Override
    public Integer preferredPageSize() {
        return null;
    }

    @Override
    public Integer size() {
        return size;
    }
}
