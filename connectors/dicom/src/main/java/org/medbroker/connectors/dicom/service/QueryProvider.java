package org.medbroker.connectors.dicom.service;

import java.io.IOException;
import java.util.stream.Stream;
import org.medbroker.connectors.dicom.data.Attributes;

/**
 * Answers C-FIND: implemented by the engine over its index; {@link InMemoryQueryProvider} is the
 * reference implementation of the standard's matching.
 *
 * <p>Called on a worker thread. The stream is consumed lazily, one match per Pending response, and
 * closed when the final response is sent, also after a C-CANCEL or a lost association, so a
 * database cursor behind it is released. An {@link IOException} answers Out of Resources (A700),
 * another exception Unable to Process (C001).
 */
@FunctionalInterface
public interface QueryProvider {

    /** The identifiers to return, each holding the request's return keys (and only those). */
    Stream<Attributes> find(QueryRequest request) throws IOException;
}
