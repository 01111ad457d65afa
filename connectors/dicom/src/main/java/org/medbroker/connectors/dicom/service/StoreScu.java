package org.medbroker.connectors.dicom.service;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.medbroker.connectors.dicom.association.Association;
import org.medbroker.connectors.dicom.association.AssociationPolicy;
import org.medbroker.connectors.dicom.association.OutboundData;
import org.medbroker.connectors.dicom.association.PresentationContext;
import org.medbroker.connectors.dicom.dimse.DimseDispatcher;
import org.medbroker.connectors.dicom.dimse.DimseMessage;
import org.medbroker.connectors.dicom.dimse.Status;
import org.medbroker.connectors.dicom.pdu.AssociateRq;
import org.medbroker.connectors.dicom.pdu.PresentationContextRq;
import org.medbroker.connectors.dicom.pdu.UserInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Storage SCU side (PS3.4 B.2): opens an association to a storage SCP proposing one presentation
 * context per SOP class and stored transfer syntax, and sends stored objects as C-STORE requests, one
 * at a time, each data set streamed from its file in P-DATA-TFs within the peer's Maximum Length.
 * C-MOVE uses it for its sub-operations; the engine's DICOM destinations for forwarding a study.
 */
public final class StoreScu {

    /** The association could not be established: refused, rejected, timed out or not reachable. */
    public static final class AssociationFailedException extends IOException {
        public AssociationFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** No C-STORE-RSP came: the time ran out or the association ended; the association is not to be used further. */
    public static final class NoResponseException extends IOException {
        public NoResponseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An established association to a storage SCP; closing it releases the association. */
    public record Opened(Association association, DimseDispatcher dimse) implements AutoCloseable {
        @Override
        public void close() {
            association.release().awaitUninterruptibly(30_000);
        }
    }

    static final int MAX_PRESENTATION_CONTEXTS = 128;
    private static final Logger log = LoggerFactory.getLogger(StoreScu.class);

    private StoreScu() {
    }

    /**
     * The A-ASSOCIATE-RQ for sending {@code objects}: one presentation context per distinct SOP class
     * and transfer syntax, up to 128 (objects beyond have no context and fail).
     */
    public static AssociateRq proposal(String callingAeTitle, String calledAeTitle, List<RetrievableObject> objects,
            AssociationPolicy policy) {
        Set<List<String>> pairs = new LinkedHashSet<>();
        for (RetrievableObject o : objects) {
            pairs.add(List.of(o.sopClassUid(), o.transferSyntaxUid()));
        }
        List<PresentationContextRq> contexts = new ArrayList<>();
        int id = 1;
        for (List<String> pair : pairs) {
            if (contexts.size() == MAX_PRESENTATION_CONTEXTS) {
                log.warn("{}: MB-0657: more than {} SOP class and transfer syntax pairs; the rest fail", calledAeTitle,
                        MAX_PRESENTATION_CONTEXTS);
                break;
            }
            contexts.add(new PresentationContextRq(id, pair.get(0), List.of(pair.get(1))));
            id += 2;
        }
        return new AssociateRq(AssociateRq.PROTOCOL_VERSION_1, calledAeTitle, callingAeTitle,
                AssociateRq.DICOM_APPLICATION_CONTEXT, contexts, UserInformation.of(policy.maxPduLength(),
                        policy.implementationClassUid(), policy.implementationVersionName()));
    }

    /**
     * Connects to {@code address} (over TLS when {@code tls} is a client context, checking the host
     * name) and waits for the A-ASSOCIATE-AC, at most the policy's ARTIM timeout.
     */
    public static Opened open(EventLoopGroup group, InetSocketAddress address, SslContext tls, AssociateRq rq,
            AssociationPolicy policy) throws AssociationFailedException, InterruptedException {
        DimseDispatcher dimse = new DimseDispatcher(List.of());
        Association association = Association.requestor(rq, policy, dimse);
        try {
            new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) policy.artimTimeout().toMillis())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), address.getHostString(),
                                        address.getPort()));
                            }
                            association.install(ch.pipeline());
                        }
                    }).connect(address).addListener(f -> {
                        if (!f.isSuccess()) {
                            dimse.established().completeExceptionally(f.cause());
                        }
                    });
            dimse.established().get(policy.artimTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Opened(association, dimse);
        } catch (ExecutionException | TimeoutException e) {
            if (association.channelIfInstalled() != null) {
                association.abort();
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String why = association.rejection() != null ? "association rejected " + association.rejection()
                    : cause instanceof TimeoutException ? "no A-ASSOCIATE-AC within " + policy.artimTimeout().toMillis() + " ms"
                    : String.valueOf(cause.getMessage());
            throw new AssociationFailedException("MB-0656: no association with " + rq.calledAeTitle() + " at "
                    + address.getHostString() + ":" + address.getPort() + ": " + why, cause);
        }
    }

    /**
     * Sends one object as a C-STORE on {@code opened}: the status of its C-STORE-RSP, or a failure
     * status when no presentation context was accepted for it or its file cannot be read. A null move
     * originator AE title leaves both move originator elements out.
     *
     * @throws NoResponseException no response within {@code timeout}, or the association ended first
     */
    public static int store(Opened opened, RetrievableObject object, String originatorAe, int originatorId,
            Duration timeout) throws NoResponseException, InterruptedException {
        Association association = opened.association();
        PresentationContext pc = association.presentationContexts().stream()
                .filter(c -> c.abstractSyntax().equals(object.sopClassUid())
                        && c.transferSyntax().equals(object.transferSyntaxUid()))
                .findFirst().orElse(null);
        if (pc == null) {
            log.info("{}: no presentation context for SOP class {} in {}; sub-operation failed", association.name(),
                    object.sopClassUid(), object.transferSyntaxUid());
            return Status.SOP_CLASS_NOT_SUPPORTED;
        }
        OutboundData data;
        try {
            data = OutboundData.of(object.file(), object.dataSetOffset());
        } catch (IOException e) {
            log.warn("{}: MB-0651: stored object unreadable: {}", association.name(), PhiFreeFailure.describe(e));
            return Status.PROCESSING_FAILURE;
        }
        DimseMessage.CStoreRq rq = new DimseMessage.CStoreRq(opened.dimse().nextMessageId(), object.sopClassUid(),
                object.sopInstanceUid(), DimseMessage.PRIORITY_MEDIUM, originatorAe, originatorId);
        try {
            return opened.dimse().invoke(pc.id(), rq, data).get(timeout.toMillis(), TimeUnit.MILLISECONDS).status();
        } catch (ExecutionException e) {
            throw new NoResponseException("MB-0652: C-STORE failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new NoResponseException("MB-0652: no C-STORE-RSP within " + timeout.toMillis() + " ms", e);
        }
    }
}
