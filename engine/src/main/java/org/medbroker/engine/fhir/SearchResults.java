package org.medbroker.engine.fhir;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.method.ResponsePage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.engine.store.resource.PageRequest;
import org.medbroker.engine.store.resource.ResourceStore;
import org.medbroker.engine.store.resource.SearchQuery;
import org.medbroker.engine.store.resource.SortKey;

/**
 * A search result that HAPI pages through: counted once in SQL, each page read in SQL when asked
 * for, never the whole result in memory. It keeps the sort key at the end of each page it served,
 * so the next page continues after that key rather than at an offset and neither skips nor repeats
 * resources that are updated meanwhile. Included resources follow their page's matches.
 */
final class SearchResults implements IBundleProvider {

    /** Page boundaries remembered per result (the paging provider keeps a bounded number of results). */
    private static final int MAX_REMEMBERED_KEYS = 64;

    private final ResourceStore store;
    private final SearchQuery query;
    private final Include include;
    private final Paging paging;
    private final InstantType published = InstantType.now();
    private final int size;
    private final Map<Integer, SortKey> keysByOffset = Collections.synchronizedMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, SortKey> eldest) {
            return size() > MAX_REMEMBERED_KEYS;
        }
    });

    /** An {@code _include}: the targets of {@code param} on the matches. */
    record Include(String param) {
    }

    SearchResults(ResourceStore store, SearchQuery query, Include include, Paging paging) {
        this.store = store;
        this.query = query;
        this.include = include;
        this.paging = paging;
        this.size = StoreCalls.call(() -> store.count(query));
    }

    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex) {
        return getResources(fromIndex, toIndex, new ResponsePage.ResponsePageBuilder());
    }

    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex, ResponsePage.ResponsePageBuilder page) {
        int limit = paging.limit(fromIndex, toIndex, size);
        if (limit <= 0) {
            return new ArrayList<>();
        }
        int start = paging.startOffset() + fromIndex;
        SortKey after = keysByOffset.get(start);
        PageRequest request = after != null ? PageRequest.after(after, limit) : PageRequest.ofOffset(start, limit);
        List<Resource> matches = StoreCalls.call(() -> store.search(query, request));
        if (!matches.isEmpty()) {
            keysByOffset.put(start + matches.size(), SortKey.of(matches.get(matches.size() - 1)));
        }
        List<IBaseResource> resources = new ArrayList<>(matches.size());
        List<String> ids = new ArrayList<>(matches.size());
        for (Resource match : matches) {
            ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(match, BundleEntrySearchModeEnum.MATCH);
            resources.add(match);
            ids.add(match.getIdElement().getIdPart());
        }
        if (include != null) {
            List<Resource> included = StoreCalls.call(() -> store.referencedBy(query.resourceType(), include.param(), ids));
            for (Resource resource : included) {
                ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resource, BundleEntrySearchModeEnum.INCLUDE);
                resources.add(resource);
            }
            page.setIncludedResourceCount(included.size());
        }
        return resources;
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
