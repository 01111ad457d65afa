package org.medbroker.connectors.dicom.dimse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.medbroker.connectors.dicom.association.Association;
import org.medbroker.connectors.dicom.association.AssociationListener;
import org.medbroker.connectors.dicom.association.OutboundData;
import org.medbroker.connectors.dicom.association.PresentationContext;
import org.medbroker.connectors.dicom.association.Termination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DIMSE layer of one association: decodes each command, routes requests to the
 * service of their presentation context's abstract syntax, streams request data sets to the receiver
 * the service returned, forwards C-CANCEL, holds the asynchronous operations window and answers a
 * release only once every operation has sent its final response. It also invokes operations on the
 * peer ({@link #invoke}) and matches their responses, for C-GET sub-operations and as a requestor.
 *
 * <p>A command that cannot be decoded, a data set without a command, a second request while a data
 * set is still arriving or beyond the negotiated window: A-ABORT, since PS3.7 gives no response for them.
 */
public final class DimseDispatcher implements AssociationListener {

    private static final Logger log = LoggerFactory.getLogger(DimseDispatcher.class);

    private final Map<String, DimseService> services = new HashMap<>();
    private final Map<Integer, Operation> outstanding = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<DimseMessage.Response>> invoked = new ConcurrentHashMap<>();
    private final CompletableFuture<Association> established = new CompletableFuture<>();
    private final AtomicInteger nextMessageId = new AtomicInteger();
    private Association association;
    private Operation receiving;
    private DataSetReceiver receiver;
    private volatile boolean releaseRequested;
    private boolean releaseAnswered;

    /** @param services each serves the abstract syntaxes it lists; a later one wins a shared syntax */
    public DimseDispatcher(Iterable<? extends DimseService> services) {
        for (DimseService service : services) {
            for (String sopClass : service.abstractSyntaxes().keySet()) {
                this.services.put(sopClass, service);
            }
        }
    }

    @Override
    public void onEstablished(Association association) {
        this.association = association;
        established.complete(association);
    }

    /** Completes when the association is established; fails if it ends before (rejected, aborted, lost). */
    public CompletableFuture<Association> established() {
        return established;
    }

    /** A Message ID for a request this side invokes, unique on the association. */
    public int nextMessageId() {
        return nextMessageId.updateAndGet(id -> id >= 0xFFFF ? 1 : id + 1);
    }

    /**
     * Invokes an operation on the peer (a C-STORE sub-operation of a C-GET on this association, or
     * any request on an association this side requested); completes with its final response, or
     * fails if the association ends first. Buffers passed pass to the association.
     */
    public CompletableFuture<DimseMessage.Response> invoke(int presentationContextId, DimseMessage.Request request,
            OutboundData dataSet) {
        CompletableFuture<DimseMessage.Response> response = new CompletableFuture<>();
        invoked.put(request.messageId(), response);
        association.send(presentationContextId, Unpooled.wrappedBuffer(Commands.encode(request)), dataSet)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        invoked.remove(request.messageId());
                        response.completeExceptionally(f.cause());
                    }
                });
        return response;
    }

    private void onResponse(DimseMessage.Response response) {
        if (Status.isPending(response.status())) {
            return;
        }
        CompletableFuture<DimseMessage.Response> waiting = invoked.remove(response.messageIdBeingRespondedTo());
        if (waiting == null) {
            log.warn("{}: MB-0611: response to message {} that is not outstanding, ignored", association.name(),
                    response.messageIdBeingRespondedTo());
            return;
        }
        waiting.complete(response);
    }

    @Override
    public void onCommand(Association association, int pcid, ByteBuf command) {
        this.association = association;
        DimseMessage message;
        try {
            message = Commands.decode(ByteBufUtil.getBytes(command));
        } catch (DimseException e) {
            protocolError(e.getMessage());
            return;
        }
        if (message instanceof DimseMessage.CCancelRq cancel) {
            Operation op = outstanding.get(cancel.messageIdBeingRespondedTo());
            if (op != null) {
                log.info("{}: C-CANCEL-RQ", op.name());
                op.cancel();
            }
            return;
        }
        if (message instanceof DimseMessage.Response response) {
            onResponse(response);
            return;
        }
        DimseMessage.Request request = (DimseMessage.Request) message;
        if (receiver != null) {
            protocolError("a request arrived while the data set of message " + receiving.request().messageId()
                    + " was still arriving");
            return;
        }
        int window = association.asyncOperationsWindow().maxOperationsPerformed();
        if (window != 0 && outstanding.size() >= window) {
            protocolError("more than " + window + " outstanding operations (asynchronous operations window)");
            return;
        }
        if (outstanding.containsKey(request.messageId())) {
            protocolError("message id " + request.messageId() + " is already outstanding");
            return;
        }
        PresentationContext pc = association.presentationContext(pcid);
        Operation op = new Operation(this, association, pc, request);
        outstanding.put(request.messageId(), op);
        DimseService service = services.get(pc.abstractSyntax());
        DataSetReceiver dataSet;
        if (service == null) {
            dataSet = DataSetReceiver.DISCARD;
            op.respond(Responses.failure(request, Status.SOP_CLASS_NOT_SUPPORTED, "SOP class not served here"));
        } else {
            try {
                dataSet = service.onRequest(op);
            } catch (RuntimeException | Error e) {
                log.error("{}: MB-0612: the service failed on the request", op.name(), e);
                dataSet = DataSetReceiver.DISCARD;
                if (!op.isFinished()) {
                    op.respond(Responses.failure(request, Status.PROCESSING_FAILURE, "MB-0612: processing failure"));
                }
            }
        }
        if (request.hasDataSet()) {
            receiving = op;
            receiver = dataSet != null ? dataSet : DataSetReceiver.DISCARD;
        }
    }

    @Override
    public void onDataFragment(Association association, int pcid, ByteBuf fragment, boolean last) {
        if (receiver == null) {
            protocolError("a data set fragment without a request awaiting one");
            return;
        }
        if (pcid != receiving.presentationContext().id()) {
            protocolError("data set on presentation context " + pcid + " for a request on "
                    + receiving.presentationContext().id());
            return;
        }
        DataSetReceiver current = receiver;
        if (last) {
            receiver = null;
            receiving = null;
        }
        current.onFragment(fragment, last);
        if (last && releaseRequested) {
            releaseIfIdle();
        }
    }

    @Override
    public void onReleaseRequested(Association association) {
        releaseRequested = true;
        releaseIfIdle();
    }

    @Override
    public void onClosed(Association association, Termination termination) {
        if (receiver != null) {
            receiver.onAbort();
            receiver = null;
        }
        outstanding.values().forEach(Operation::cancel);
        outstanding.clear();
        IllegalStateException ended = new IllegalStateException("MB-0613: association ended: " + termination);
        established.completeExceptionally(ended);
        invoked.values().forEach(f -> f.completeExceptionally(ended));
        invoked.clear();
    }

    void finished(Operation op) {
        outstanding.remove(op.request().messageId(), op);
    }

    /** After a final response is queued: a pending release may now be answered (on the event loop, after it). */
    void afterFinalResponse() {
        if (releaseRequested) {
            association.channel().eventLoop().execute(this::releaseIfIdle);
        }
    }

    private void releaseIfIdle() {
        if (!releaseAnswered && outstanding.isEmpty() && receiver == null) {
            releaseAnswered = true;
            association.releaseResponse();
        }
    }

    private void protocolError(String what) {
        log.warn("{}: MB-0610: {}; aborting the association", association.name(), what);
        if (receiver != null) {
            receiver.onAbort();
            receiver = null;
        }
        association.abort();
    }
}
