package org.medbroker.connectors.dicom.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medbroker.connectors.dicom.association.Association;
import org.medbroker.connectors.dicom.association.AssociationListener;
import org.medbroker.connectors.dicom.association.AssociationPolicy;
import org.medbroker.connectors.dicom.association.Termination;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.dimse.Commands;
import org.medbroker.connectors.dicom.dimse.DimseException;
import org.medbroker.connectors.dicom.dimse.DimseMessage;
import org.medbroker.connectors.dicom.dimse.Status;
import org.medbroker.connectors.dicom.pdu.AssociateRj;
import org.medbroker.connectors.dicom.pdu.AssociateRq;
import org.medbroker.connectors.dicom.pdu.PresentationContextRq;
import org.medbroker.connectors.dicom.pdu.UserInformation;

/** The server over loopback against our own requestor. */
class DicomServerTest {

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private DicomServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A requestor that records the responses it gets and how it ended. */
    static final class Requestor implements AssociationListener {
        final List<DimseMessage> responses = new CopyOnWriteArrayList<>();
        final AtomicReference<Association> established = new AtomicReference<>();
        volatile Termination termination;
        Association association;

        @Override
        public void onEstablished(Association a) {
            established.set(a);
        }

        @Override
        public void onCommand(Association a, int pcid, ByteBuf command) {
            try {
                responses.add(Commands.decode(ByteBufUtil.getBytes(command)));
            } catch (DimseException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onDataFragment(Association a, int pcid, ByteBuf fragment, boolean last) {
        }

        @Override
        public void onClosed(Association a, Termination termination) {
            this.termination = termination;
        }
    }

    private Requestor connect() throws InterruptedException {
        Requestor r = new Requestor();
        AssociateRq rq = new AssociateRq(1, "MEDBROKER", "TESTSCU", AssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, UID.Verification, List.of(UID.ImplicitVRLittleEndian))),
                UserInformation.of(16384, "1.2.3", null));
        r.association = Association.requestor(rq, AssociationPolicy.builder().build(), r);
        new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                r.association.install(ch.pipeline());
            }
        }).connect(server.localAddress()).sync();
        return r;
    }

    @Test
    void answersCEchoFromOurOwnRequestorAndReleases() throws Exception {
        server = DicomServer.builder().bind("127.0.0.1", 0)
                .policy(AssociationPolicy.builder().calledAeTitle("MEDBROKER")).service(new VerificationScp()).start();
        Requestor r = connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> r.established.get() != null);
        r.association.send(1, Unpooled.wrappedBuffer(Commands.encode(new DimseMessage.CEchoRq(3, UID.Verification))), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> !r.responses.isEmpty());
        assertThat(r.responses).containsExactly(new DimseMessage.CEchoRsp(3, UID.Verification, Status.SUCCESS, null));
        r.association.release();
        await().atMost(Duration.ofSeconds(5)).until(() -> r.termination != null);
        assertThat(r.termination).isEqualTo(Termination.RELEASED);
    }

    @Test
    void rejectsTransientlyBeyondTheAssociationLimit() throws Exception {
        server = DicomServer.builder().bind("127.0.0.1", 0).maxAssociations(1)
                .policy(AssociationPolicy.builder().calledAeTitle("MEDBROKER")).service(new VerificationScp()).start();
        Requestor first = connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.established.get() != null);
        Requestor second = connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> second.termination != null);
        assertThat(second.termination).isEqualTo(Termination.REJECTED);
        assertThat(second.association.rejection()).isEqualTo(new AssociateRj(2, 3, 2));

        first.association.release();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.termination != null);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Requestor third = connect();
            await().atMost(Duration.ofSeconds(5)).until(() -> third.termination != null || third.established.get() != null);
            assertThat(third.established.get()).isNotNull();
            third.association.abort();
        });
    }
}
