package org.medbroker.connectors.dicom.association;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.medbroker.connectors.dicom.pdu.Abort;
import org.medbroker.connectors.dicom.pdu.AssociateAc;
import org.medbroker.connectors.dicom.pdu.AssociateRj;
import org.medbroker.connectors.dicom.pdu.AssociateRq;
import org.medbroker.connectors.dicom.pdu.AsyncOperationsWindow;
import org.medbroker.connectors.dicom.pdu.MalformedPdu;
import org.medbroker.connectors.dicom.pdu.PDataTf;
import org.medbroker.connectors.dicom.pdu.Pdu;
import org.medbroker.connectors.dicom.pdu.PduDecoder;
import org.medbroker.connectors.dicom.pdu.PduEncoder;
import org.medbroker.connectors.dicom.pdu.Pdv;
import org.medbroker.connectors.dicom.pdu.PresentationContextAc;
import org.medbroker.connectors.dicom.pdu.PresentationContextRq;
import org.medbroker.connectors.dicom.pdu.ReleaseRp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DICOM association over one connection, in either role: the state machine of PS3.8 9.2 driven
 * by PDUs from {@link PduDecoder} and by the local requests of its public methods.
 *
 * <p>Inbound P-DATA: command fragments are reassembled (up to the policy's maxCommandLength) and
 * handed over whole; data set fragments go up one by one as they arrive. Outbound P-DATA: a command
 * and its data set are cut to the peer's Maximum Length, and the data set is written through
 * {@link ChunkedWriteHandler}, which only reads the next fragment while the channel is writable.
 *
 * <p>Threads: state lives on the channel's event loop; public methods may be called from any thread.
 *
 * <p>Buffers: a {@link PDataTf} read from the pipeline is released here after delivery; what the
 * listener receives is valid during the call. Buffers given to {@link #send} belong to the
 * association from then on, sent or not.
 */
public final class Association extends ChannelInboundHandlerAdapter {

    public enum Role { REQUESTOR, ACCEPTOR }

    private static final Logger log = LoggerFactory.getLogger(Association.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final Role role;
    private final AssociationPolicy policy;
    private final AssociationListener listener;
    private final long id = IDS.incrementAndGet();
    private final Map<Integer, PresentationContext> contexts = new LinkedHashMap<>();
    private AssociateRq rq;
    private AssociateAc ac;
    private AssociateRj rejection;
    private State state;
    private volatile ChannelHandlerContext ctx;
    private ScheduledFuture<?> artim;
    private CompositeByteBuf command;
    private int commandContextId;
    private Termination termination;
    private volatile String name;
    private boolean overLimit;

    private Association(Role role, AssociationPolicy policy, AssociationListener listener, AssociateRq rq) {
        this.role = role;
        this.policy = policy;
        this.listener = listener;
        this.rq = rq;
        this.state = role == Role.ACCEPTOR ? State.Sta1 : State.Sta4;
        this.name = "dicom(" + id + ")";
    }

    /** The acceptor of an incoming connection, deciding with {@code policy}. */
    public static Association acceptor(AssociationPolicy policy, AssociationListener listener) {
        return new Association(Role.ACCEPTOR, policy, listener, null);
    }

    /**
     * An acceptor for a connection above the server's limit: it answers the A-ASSOCIATE-RQ with
     * rejected-transient, service-provider (presentation), local limit exceeded (2/3/2), so the
     * requestor knows to retry later.
     */
    public static Association acceptorOverLimit(AssociationPolicy policy, AssociationListener listener) {
        Association a = new Association(Role.ACCEPTOR, policy, listener, null);
        a.overLimit = true;
        return a;
    }

    /**
     * The requestor on an outgoing connection: sends {@code rq} as soon as the connection is up
     * (the transport connect of AE-1 is the channel's own). The policy gives the limits and timers.
     */
    public static Association requestor(AssociateRq rq, AssociationPolicy policy, AssociationListener listener) {
        Association a = new Association(Role.REQUESTOR, policy, listener, rq);
        a.name = rq.calledAeTitle() + "(" + a.id + ")";
        return a;
    }

    /**
     * Adds the PDU codec, the chunked writer and this association to a new channel's pipeline. The
     * decoder accepts P-DATA-TF up to the Maximum Length we announce: the policy's, or for a requestor
     * the one in its A-ASSOCIATE-RQ (0 there falls back to the policy's).
     */
    public void install(ChannelPipeline pipeline) {
        long announced = role == Role.REQUESTOR && rq.userInformation().maxLength() != 0
                ? rq.userInformation().maxLength() : policy.maxPduLength();
        pipeline.addLast("pdu-decoder", new PduDecoder(announced, policy.maxAssociatePduLength()));
        pipeline.addLast("pdu-encoder", PduEncoder.INSTANCE);
        pipeline.addLast("chunked-writer", new ChunkedWriteHandler());
        pipeline.addLast("association", this);
    }

    // ---- what the upper layer sees

    public Role role() {
        return role;
    }

    /** For log lines: the peer's AE title and this association's number, e.g. {@code STORESCU(17)}. */
    public String name() {
        return name;
    }

    public String callingAeTitle() {
        return rq == null ? "" : rq.callingAeTitle();
    }

    public String calledAeTitle() {
        return rq == null ? "" : rq.calledAeTitle();
    }

    public AssociateRq associateRq() {
        return rq;
    }

    public AssociateAc associateAc() {
        return ac;
    }

    /** The A-ASSOCIATE-RJ received by a requestor, or null. */
    public AssociateRj rejection() {
        return rejection;
    }

    public PresentationContext presentationContext(int id) {
        return contexts.get(id);
    }

    public Collection<PresentationContext> presentationContexts() {
        return Collections.unmodifiableCollection(contexts.values());
    }

    /** The peer's Maximum Length: the longest P-DATA-TF it accepts, 0 for no limit. */
    public long peerMaxPduLength() {
        if (ac == null) {
            return 0;
        }
        return role == Role.ACCEPTOR ? rq.userInformation().maxLength() : ac.userInformation().maxLength();
    }

    /** The negotiated window; 1 and 1 when none was negotiated. */
    public AsyncOperationsWindow asyncOperationsWindow() {
        AsyncOperationsWindow window = ac == null ? null : ac.userInformation().asyncOperationsWindow();
        return window != null ? window : new AsyncOperationsWindow(1, 1);
    }

    public Channel channel() {
        return ctx.channel();
    }

    /** The channel, or null before {@link #install} put this association in a pipeline. */
    public Channel channelIfInstalled() {
        return ctx == null ? null : ctx.channel();
    }

    State state() {
        return state;
    }

    // ---- local requests

    /**
     * P-DATA request: sends {@code command} as command PDVs, then {@code dataSet} (may be null) as
     * data PDVs, each P-DATA-TF within the peer's Maximum Length. Completes when the last is written.
     */
    public Future<Void> send(int presentationContextId, ByteBuf command, OutboundData dataSet) {
        Promise<Void> promise = ctx.executor().newPromise();
        onLoop(() -> {
            try {
                if (!contexts.containsKey(presentationContextId)) {
                    throw new IllegalArgumentException("presentation context " + presentationContextId + " not accepted");
                }
                state.pDataRequest(this, () -> writeMessage(presentationContextId, command, dataSet, promise));
            } catch (RuntimeException e) {
                ReferenceCountUtil.safeRelease(command);
                if (dataSet != null) {
                    dataSet.discard();
                }
                promise.tryFailure(e);
            }
        });
        return promise;
    }

    /** A-RELEASE request; the returned future completes when the connection is closed. */
    public ChannelFuture release() {
        onLoop(() -> {
            try {
                state.releaseRequest(this);
            } catch (IllegalStateException ignored) {
                // logged by refuseLocal
            }
        });
        return ctx.channel().closeFuture();
    }

    /** A-RELEASE response, after {@link AssociationListener#onReleaseRequested}. */
    public void releaseResponse() {
        onLoop(() -> {
            try {
                state.releaseResponse(this);
            } catch (IllegalStateException ignored) {
                // logged by refuseLocal
            }
        });
    }

    /** A-ABORT request (service-user source). */
    public ChannelFuture abort() {
        onLoop(() -> state.abortRequest(this));
        return ctx.channel().closeFuture();
    }

    private void onLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    private void writeMessage(int pcid, ByteBuf cmd, OutboundData dataSet, Promise<Void> promise) {
        int fragment = fragmentLength();
        ChannelFuture last;
        try {
            int length = cmd.readableBytes();
            int at = 0;
            do {
                int n = Math.min(fragment, length - at);
                boolean lastFragment = at + n == length;
                last = ctx.write(PDataTf.of(new Pdv(pcid, true, lastFragment, cmd.retainedSlice(cmd.readerIndex() + at, n))));
                at += n;
            } while (at < length);
        } finally {
            cmd.release();
        }
        if (dataSet != null) {
            last = ctx.write(dataSet.chunks(pcid, fragment));
        }
        ctx.flush();
        last.addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                promise.trySuccess(null);
            } else {
                promise.tryFailure(f.cause());
                if (f.channel().isActive()) {
                    log.warn("{}: MB-0602: sending a message failed part way ({}); aborting the association", name,
                            f.cause().toString());
                    state.abortRequest(this);
                }
            }
        });
    }

    /** Longest PDV fragment we send: the peer's limit (or ours if it has none) less the PDV overhead, even. */
    int fragmentLength() {
        long peer = peerMaxPduLength();
        long pdu = peer == 0 ? policy.maxSendPduLength() : Math.min(peer, policy.maxSendPduLength());
        return (int) ((pdu - Pdv.OVERHEAD) & ~1L);
    }

    // ---- Netty

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (role == Role.ACCEPTOR) {
            state.transportConnectIndication(this);
        } else {
            state.transportConnected(this);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stopArtim();
        if (command != null) {
            command.release();
            command = null;
        }
        state.transportClosed(this);
        Termination how = termination != null ? termination : Termination.CONNECTION_LOST;
        log.info("{}: connection closed: {}", name, how);
        try {
            listener.onClosed(this, how);
        } catch (RuntimeException e) {
            log.error("{}: MB-0603: the upper layer failed on close", name, e);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PDataTf tf) {
            try {
                state.pData(this, tf);
            } finally {
                tf.release();
            }
        } else if (msg instanceof AssociateRq associateRq) {
            state.associateRq(this, associateRq);
        } else if (msg instanceof AssociateAc associateAc) {
            state.associateAc(this, associateAc);
        } else if (msg instanceof AssociateRj associateRj) {
            state.associateRj(this, associateRj);
        } else if (msg instanceof org.medbroker.connectors.dicom.pdu.ReleaseRq) {
            state.releaseRq(this);
        } else if (msg instanceof ReleaseRp) {
            state.releaseRp(this);
        } else if (msg instanceof Abort abort) {
            log.info("{}: A-ABORT received (source {}, reason {}) in {}", name, abort.source(), abort.reason(), state);
            state.abortReceived(this, abort);
        } else if (msg instanceof MalformedPdu malformed) {
            log.warn("{}: MB-0604: invalid PDU of type {} and length {}: {}", name, malformed.type(), malformed.length(),
                    malformed.detail());
            state.invalidPdu(this, malformed.abortReason(), malformed.detail());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("{}: connection failed in {}: {}", name, state, describe(cause));
        ctx.close();
    }

    /** What went wrong, without the bytes some exceptions quote (they may be patient data). */
    private static String describe(Throwable cause) {
        Throwable root = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
                ? cause.getCause() : cause;
        if (root instanceof io.netty.handler.ssl.NotSslRecordException) {
            return "not a TLS record (plain DICOM on a TLS port?)";
        }
        return root instanceof java.io.IOException ? root.toString() : root.getClass().getName();
    }

    // ---- actions of the state table, called by State

    void enter(State next) {
        if (log.isDebugEnabled()) {
            log.debug("{}: {} -> {}", name, state, next);
        }
        state = next;
    }

    void send(Pdu pdu) {
        ctx.writeAndFlush(pdu).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    void close() {
        ctx.close();
    }

    void terminating(Termination how) {
        if (termination == null) {
            termination = how;
        }
    }

    /** The end of every path that closes the transport: record why, close, back to Sta1. */
    void closeAndIdle(Termination how) {
        terminating(how);
        close();
        enter(State.Sta1);
    }

    void startArtim() {
        stopArtim();
        artim = ctx.executor().schedule(() -> {
            log.info("{}: ARTIM timer expired in {}", name, state);
            state.artimExpired(this);
        }, policy.artimTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    void stopArtim() {
        if (artim != null) {
            artim.cancel(false);
            artim = null;
        }
    }

    /** AA-1 and AA-8: A-ABORT, then wait (ARTIM) for the peer to close. */
    void abortAndAwaitClose(Abort abort, String why) {
        log.warn("{}: MB-0605: aborting the association: {}", name, why);
        send(abort);
        terminating(Termination.ABORTED);
        startArtim();
        enter(State.Sta13);
    }

    void sendReleaseRpAndAwaitClose() {
        send(ReleaseRp.INSTANCE);
        terminating(Termination.RELEASED);
        startArtim();
        enter(State.Sta13);
    }

    void refuseLocal(State in, String request) {
        log.warn("{}: MB-0606: {} refused in {}", name, request, in);
        throw new IllegalStateException("MB-0606: " + request + " is not possible in " + in);
    }

    void sendAssociateRq() {
        send(rq);
    }

    /** AE-6: the policy decides, then Evt7 or Evt8. */
    void negotiate(AssociateRq received) {
        rq = received;
        name = received.callingAeTitle() + "(" + id + ")";
        Negotiation answer = overLimit
                ? new Negotiation.Rejected(new AssociateRj(AssociateRj.RESULT_REJECTED_TRANSIENT,
                        AssociateRj.SOURCE_SERVICE_PROVIDER_PRESENTATION, AssociateRj.REASON_LOCAL_LIMIT_EXCEEDED),
                        "too many associations")
                : Negotiation.negotiate(received, peerAddress(), policy);
        if (answer instanceof Negotiation.Accepted accepted) {
            state.associateResponseAccept(this, accepted.ac());
        } else {
            Negotiation.Rejected rejected = (Negotiation.Rejected) answer;
            log.info("{}: association rejected (result {}, source {}, reason {}): {}", name, rejected.rj().result(),
                    rejected.rj().source(), rejected.rj().reason(), rejected.why());
            state.associateResponseReject(this, rejected.rj());
        }
    }

    /** AE-3 (requestor), and AE-7 for the acceptor before it sends the AC. */
    void accepted(AssociateAc answer) {
        ac = answer;
        Map<Integer, PresentationContextRq> proposed = new LinkedHashMap<>();
        rq.presentationContexts().forEach(pc -> proposed.put(pc.id(), pc));
        for (PresentationContextAc pc : answer.presentationContexts()) {
            PresentationContextRq asked = proposed.get(pc.id());
            if (pc.accepted() && asked != null) {
                contexts.put(pc.id(), new PresentationContext(pc.id(), asked.abstractSyntax(), pc.transferSyntax()));
            }
        }
    }

    /** AE-4. */
    void rejected(AssociateRj rj) {
        rejection = rj;
        terminating(Termination.REJECTED);
        log.info("{}: association rejected by the peer (result {}, source {}, reason {})", name, rj.result(),
                rj.source(), rj.reason());
    }

    void indicateEstablished() {
        log.info("{}: association established, {} of {} presentation contexts accepted", name, contexts.size(),
                rq.presentationContexts().size());
        upper(() -> listener.onEstablished(this));
    }

    void indicateReleaseRequested() {
        upper(() -> listener.onReleaseRequested(this));
    }

    /** DT-2 and AR-6: command fragments reassembled, data set fragments passed on as they come. */
    void deliver(PDataTf tf) {
        State at = state;
        for (Pdv pdv : tf.pdvs()) {
            if (state != at) {
                return;
            }
            int pcid = pdv.presentationContextId();
            if (!contexts.containsKey(pcid)) {
                state.invalidPdu(this, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                        "P-DATA on presentation context " + pcid + ", which is not accepted");
                return;
            }
            if (pdv.command()) {
                if (command == null) {
                    command = ctx.alloc().compositeBuffer();
                    commandContextId = pcid;
                } else if (commandContextId != pcid) {
                    state.invalidPdu(this, Abort.REASON_UNEXPECTED_PDU_PARAMETER,
                            "command fragments on presentation contexts " + commandContextId + " and " + pcid);
                    return;
                }
                if ((long) command.readableBytes() + pdv.data().readableBytes() > policy.maxCommandLength()) {
                    state.invalidPdu(this, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                            "command set longer than " + policy.maxCommandLength() + " bytes");
                    return;
                }
                command.addComponent(true, pdv.data().retain());
                if (pdv.last()) {
                    ByteBuf complete = command;
                    command = null;
                    try {
                        upper(() -> listener.onCommand(this, pcid, complete));
                    } finally {
                        complete.release();
                    }
                }
            } else {
                if (command != null) {
                    state.invalidPdu(this, Abort.REASON_UNEXPECTED_PDU_PARAMETER,
                            "data set fragment before the last command fragment");
                    return;
                }
                upper(() -> listener.onDataFragment(this, pcid, pdv.data(), pdv.last()));
            }
        }
    }

    /** Runs an upper-layer call; if it fails, the association is aborted rather than left half-done. */
    private void upper(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("{}: MB-0607: the upper layer failed; aborting the association", name, e);
            state.abortRequest(this);
        }
    }

    private InetAddress peerAddress() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress inet
                ? inet.getAddress() : InetAddress.getLoopbackAddress();
    }
}
