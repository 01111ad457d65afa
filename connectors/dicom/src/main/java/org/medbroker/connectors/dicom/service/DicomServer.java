package org.medbroker.connectors.dicom.service;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.medbroker.connectors.dicom.association.Association;
import org.medbroker.connectors.dicom.association.AssociationPolicy;
import org.medbroker.connectors.dicom.dimse.DimseDispatcher;
import org.medbroker.connectors.dicom.dimse.DimseService;
import org.medbroker.connectors.tcp.PeerFilter;
import org.medbroker.connectors.tcp.TcpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DICOM acceptor on a {@link TcpServer}: each connection gets (TLS,) the PDU codec, an
 * {@link Association} deciding with the policy, and a {@link DimseDispatcher} over the services.
 * The policy's abstract syntaxes are the services' own.
 *
 * <pre>{@code
 * DicomServer server = DicomServer.builder()
 *         .bind("0.0.0.0", 11112)
 *         .policy(AssociationPolicy.builder().calledAeTitle("MEDBROKER"))
 *         .service(new VerificationScp())
 *         .service(new StorageScp(incomingDir, sink, workers))
 *         .service(new QueryScp(provider, workers, 65536))
 *         .start();
 * }</pre>
 */
public final class DicomServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DicomServer.class);

    private final TcpServer tcp;
    private final AssociationPolicy policy;

    private DicomServer(TcpServer tcp, AssociationPolicy policy) {
        this.tcp = tcp;
        this.policy = policy;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return tcp.port();
    }

    public InetSocketAddress localAddress() {
        return tcp.localAddress();
    }

    public AssociationPolicy policy() {
        return policy;
    }

    @Override
    public void close() {
        tcp.close();
    }

    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 11112;
        private int backlog = 128;
        private AssociationPolicy.Builder policy = AssociationPolicy.builder();
        private final List<DimseService> services = new ArrayList<>();
        private PeerFilter peers = new PeerFilter("");
        private SslContext sslContext;
        private int maxAssociations = Integer.MAX_VALUE;

        /** Port 0 picks a free one. */
        public Builder bind(String host, int port) {
            this.host = host;
            this.port = port;
            return this;
        }

        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /** AE titles, calling AE titles, limits and timers; the abstract syntaxes are added from the services. */
        public Builder policy(AssociationPolicy.Builder policy) {
            this.policy = policy;
            return this;
        }

        public Builder service(DimseService service) {
            services.add(service);
            return this;
        }

        /** Comma-separated addresses and CIDR blocks that may connect at all; empty: anyone. */
        public Builder allowedPeers(String commaSeparated) {
            this.peers = new PeerFilter(commaSeparated);
            return this;
        }

        /** DICOM over TLS (PS3.15 B.1) with a server {@link SslContext}; null for plain TCP. */
        public Builder tls(SslContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** Connections beyond this many are answered with A-ASSOCIATE-RJ rejected-transient, local limit exceeded. */
        public Builder maxAssociations(int maxAssociations) {
            this.maxAssociations = maxAssociations;
            return this;
        }

        public DicomServer start() throws InterruptedException {
            for (DimseService service : services) {
                for (Map.Entry<String, List<String>> e : service.subOperationSyntaxes().entrySet()) {
                    policy.abstractSyntax(e.getKey(), e.getValue());
                    policy.roleSelection(e.getKey(), true, true);
                }
            }
            for (DimseService service : services) {
                for (Map.Entry<String, List<String>> e : service.abstractSyntaxes().entrySet()) {
                    policy.abstractSyntax(e.getKey(), e.getValue());
                }
            }
            AssociationPolicy built = policy.build();
            List<DimseService> all = List.copyOf(services);
            PeerFilter allowed = peers;
            SslContext ssl = sslContext;
            int limit = maxAssociations;
            AtomicInteger open = new AtomicInteger();
            TcpServer tcp = TcpServer.bind(host, port, backlog, new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    InetSocketAddress remote = ch.remoteAddress();
                    if (!allowed.allows(remote.getAddress())) {
                        log.warn("MB-0641: DICOM connection from {} refused: not in the allowed peers",
                                remote.getAddress().getHostAddress());
                        ch.close();
                        return;
                    }
                    if (ssl != null) {
                        ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                    }
                    boolean over = open.incrementAndGet() > limit;
                    ch.closeFuture().addListener(f -> open.decrementAndGet());
                    DimseDispatcher dimse = new DimseDispatcher(all);
                    (over ? Association.acceptorOverLimit(built, dimse) : Association.acceptor(built, dimse))
                            .install(ch.pipeline());
                }
            });
            log.info("DICOM listener on {} for AE titles {}", tcp.localAddress(), built.calledAeTitles());
            return new DicomServer(tcp, built);
        }
    }
}
