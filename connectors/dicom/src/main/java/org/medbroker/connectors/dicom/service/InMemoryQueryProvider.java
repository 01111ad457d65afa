package org.medbroker.connectors.dicom.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.medbroker.connectors.dicom.data.Attributes;

/**
 * A {@link QueryProvider} over entities held in memory, each at one level (PATIENT, STUDY, SERIES,
 * IMAGE, or {@link QueryRequest#WORKLIST} for scheduled procedure steps) and carrying the unique keys
 * of the levels above it. Matches with {@link Matching}. For tests and small fixed data sets.
 */
public final class InMemoryQueryProvider implements QueryProvider {

    private record Entity(String level, Attributes attributes) {}

    private final List<Entity> entities = new CopyOnWriteArrayList<>();

    public InMemoryQueryProvider add(String level, Attributes attributes) {
        entities.add(new Entity(level, attributes));
        return this;
    }

    @Override
    public Stream<Attributes> find(QueryRequest request) {
        return entities.stream()
                .filter(e -> e.level().equals(request.level()))
                .filter(e -> Matching.matches(request.identifier(), e.attributes()))
                .map(e -> Matching.returnKeys(request.identifier(), e.attributes()));
    }
}
