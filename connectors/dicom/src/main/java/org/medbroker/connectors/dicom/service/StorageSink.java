package org.medbroker.connectors.dicom.service;

import java.io.IOException;

/**
 * Where received objects go: implemented by the engine, which moves the file into its layout,
 * applies the duplicate policy (keep or replace) and indexes it.
 *
 * <p>Called on a worker thread, never the network's, one call per object; calls for different
 * objects may run concurrently. An {@link IOException} answers Out of Resources (A700), any other
 * exception Processing Failure (0110): the sender is never told Success for an object not stored.
 */
@FunctionalInterface
public interface StorageSink {

    StoreResult store(ReceivedObject object) throws IOException;
}
