package org.medbroker.connectors.dicom.association;

import io.netty.buffer.ByteBuf;

/**
 * The upper layer (DIMSE) of one association. Every method runs on the association's event loop and
 * must not block for long: hand slow work to another thread and answer through {@link Association}.
 *
 * <p>Buffers passed in are valid for the duration of the call only; the association releases them
 * afterwards. A listener that keeps one calls {@code retain()} and later releases it.
 */
public interface AssociationListener {

    /** The association is established (A-ASSOCIATE-AC sent or received): Sta6. */
    void onEstablished(Association association);

    /** A complete command set, reassembled from its command PDV fragments. */
    void onCommand(Association association, int presentationContextId, ByteBuf command);

    /**
     * One data set fragment as it arrived, never reassembled, so a data set of any size streams
     * through; {@code last} marks the end of the data set.
     */
    void onDataFragment(Association association, int presentationContextId, ByteBuf fragment, boolean last);

    /**
     * The peer asked to release. Call {@link Association#releaseResponse()} once every outstanding
     * response is sent; by default at once.
     */
    default void onReleaseRequested(Association association) {
        association.releaseResponse();
    }

    /** The connection closed, for the reason given; called exactly once per association. */
    void onClosed(Association association, Termination termination);
}
