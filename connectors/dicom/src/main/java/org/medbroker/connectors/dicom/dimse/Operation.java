package org.medbroker.connectors.dicom.dimse;

import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.Future;
import org.medbroker.connectors.dicom.association.Association;
import org.medbroker.connectors.dicom.association.OutboundData;
import org.medbroker.connectors.dicom.association.PresentationContext;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.io.DicomOutputStream;
import org.medbroker.connectors.dicom.io.TransferSyntax;

/**
 * One operation the peer invoked: its request, where it came from, and how to answer it. Thread-safe:
 * a service may answer from a worker thread.
 */
public final class Operation {

    private final DimseDispatcher dispatcher;
    private final Association association;
    private final PresentationContext context;
    private final DimseMessage.Request request;
    private volatile boolean cancelled;
    private volatile boolean finished;

    Operation(DimseDispatcher dispatcher, Association association, PresentationContext context,
            DimseMessage.Request request) {
        this.dispatcher = dispatcher;
        this.association = association;
        this.context = context;
        this.request = request;
    }

    public DimseMessage.Request request() {
        return request;
    }

    public Association association() {
        return association;
    }

    /** The DIMSE layer of this operation's association, to invoke sub-operations on the peer (C-GET). */
    public DimseDispatcher dimse() {
        return dispatcher;
    }

    public PresentationContext presentationContext() {
        return context;
    }

    /** The presentation context's transfer syntax, or null if the io layer does not know it. */
    public TransferSyntax transferSyntax() {
        return TransferSyntax.forUid(context.transferSyntax()).orElse(null);
    }

    /** For log lines: association name and message id, e.g. {@code CT1(4)#17}. */
    public String name() {
        return association.name() + "#" + request.messageId();
    }

    /** The peer sent a C-CANCEL-RQ for this operation, or the association ended. */
    public boolean isCancelled() {
        return cancelled;
    }

    public boolean isFinished() {
        return finished;
    }

    void cancel() {
        cancelled = true;
    }

    /** Sends a response without data set. */
    public Future<Void> respond(DimseMessage.Response response) {
        return respond(response, (OutboundData) null);
    }

    /** Sends a response with a data set (a C-FIND identifier), encoded in the context's transfer syntax. */
    public Future<Void> respond(DimseMessage.Response response, Attributes dataSet) {
        byte[] encoded = DicomOutputStream.encode(dataSet, transferSyntax(), DicomOutputStream.Options.DEFAULT);
        return respond(response, OutboundData.of(Unpooled.wrappedBuffer(encoded)));
    }

    public Future<Void> respond(DimseMessage.Response response, OutboundData dataSet) {
        if (response.messageIdBeingRespondedTo() != request.messageId()) {
            throw new IllegalArgumentException("response to " + response.messageIdBeingRespondedTo()
                    + " given to operation " + request.messageId());
        }
        boolean last = Status.isFinal(response.status());
        if (last) {
            // leave the window before the peer can see the response and invoke the next operation
            finished = true;
            dispatcher.finished(this);
        }
        Future<Void> sent = association.send(context.id(), Unpooled.wrappedBuffer(Commands.encode(response)), dataSet);
        if (last) {
            dispatcher.afterFinalResponse();
        }
        return sent;
    }
}
