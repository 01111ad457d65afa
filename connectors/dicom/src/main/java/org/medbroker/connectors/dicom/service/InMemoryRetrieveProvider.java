package org.medbroker.connectors.dicom.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.medbroker.connectors.dicom.data.Attributes;

/**
 * A {@link RetrieveProvider} over objects held in a list, each with the keys of its patient, study,
 * series and instance; the request's unique keys select with {@link Matching}. For tests.
 */
public final class InMemoryRetrieveProvider implements RetrieveProvider {

    private record Entry(Attributes keys, RetrievableObject object) {}

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    public InMemoryRetrieveProvider add(Attributes keys, RetrievableObject object) {
        entries.add(new Entry(keys, object));
        return this;
    }

    @Override
    public List<RetrievableObject> find(QueryRequest request) {
        return entries.stream().filter(e -> Matching.matches(request.identifier(), e.keys()))
                .map(Entry::object).toList();
    }
}
