package org.medbroker.engine.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.engine.store.resource.ResourceStore;

/**
 * What every resource type offers: read, vread, instance and type history. Subclasses add their
 * type's search. Not-found messages do not echo the id, which can be an identifier of a person.
 */
abstract class StoredResourceProvider<T extends Resource> implements IResourceProvider {

    protected final ResourceStore store;
    private final Class<T> type;
    private final String typeName;

    StoredResourceProvider(ResourceStore store, Class<T> type, String typeName) {
        this.store = Objects.requireNonNull(store, "store");
        this.type = type;
        this.typeName = typeName;
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    protected final String typeName() {
        return typeName;
    }

    @Read(version = true)
    public T read(@IdParam IdType id) {
        Optional<Resource> found;
        if (id.hasVersionIdPart()) {
            long version = versionOf(id);
            found = StoreCalls.call(() -> store.vread(typeName, id.getIdPart(), version));
        } else {
            found = StoreCalls.call(() -> store.read(typeName, id.getIdPart()));
        }
        return type.cast(found.orElseThrow(this::notFound));
    }

    @History
    public IBundleProvider instanceHistory(@IdParam IdType id, @Since InstantType since, @Offset Integer offset, @Count Integer count) {
        if (StoreCalls.call(() -> store.read(typeName, id.getIdPart())).isEmpty()) {
            throw notFound();
        }
        return new HistoryResults(store, typeName, id.getIdPart(), instantOf(since), Paging.of(offset, count));
    }

    @History
    public IBundleProvider typeHistory(@Since InstantType since, @Offset Integer offset, @Count Integer count) {
        return new HistoryResults(store, typeName, null, instantOf(since), Paging.of(offset, count));
    }

    private long versionOf(IdType id) {
        try {
            return Long.parseLong(id.getVersionIdPart());
        } catch (NumberFormatException e) {
            throw notFound();
        }
    }

    private static Instant instantOf(InstantType since) {
        return since == null || since.getValue() == null ? null : since.getValue().toInstant();
    }

    private ResourceNotFoundException notFound() {
        return new ResourceNotFoundException("MB-0544: no " + typeName + " with this id (and version); check the id");
    }
}
