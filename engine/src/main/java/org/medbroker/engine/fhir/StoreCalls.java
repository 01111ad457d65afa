package org.medbroker.engine.fhir;

import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.util.function.Supplier;
import org.medbroker.engine.store.resource.ResourceStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a store read for a FHIR request; a database failure becomes a 500 OperationOutcome without SQL details. */
final class StoreCalls {

    private static final Logger LOG = LoggerFactory.getLogger(StoreCalls.class);

    private StoreCalls() {
    }

    static <T> T call(Supplier<T> read) {
        try {
            return read.get();
        } catch (ResourceStoreException e) {
            LOG.error("{} ({})", e.getMessage(), e.getCause() == null ? "" : e.getCause().getClass().getSimpleName());
            throw new InternalErrorException("MB-0543: the record store could not be read; try again later");
        }
    }
}
