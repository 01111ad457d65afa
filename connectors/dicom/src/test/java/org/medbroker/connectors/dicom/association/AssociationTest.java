package org.medbroker.connectors.dicom.association;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.Future;
import java.nio.channels.Channels;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medbroker.connectors.dicom.association.Harness.SentPdv;
import org.medbroker.connectors.dicom.pdu.Abort;
import org.medbroker.connectors.dicom.pdu.AssociateAc;
import org.medbroker.connectors.dicom.pdu.AssociateRj;
import org.medbroker.connectors.dicom.pdu.AssociateRq;
import org.medbroker.connectors.dicom.pdu.AsyncOperationsWindow;
import org.medbroker.connectors.dicom.pdu.PDataTf;
import org.medbroker.connectors.dicom.pdu.Pdv;
import org.medbroker.connectors.dicom.pdu.PresentationContextAc;
import org.medbroker.connectors.dicom.pdu.PresentationContextRq;
import org.medbroker.connectors.dicom.pdu.ReleaseRp;
import org.medbroker.connectors.dicom.pdu.ReleaseRq;
import org.medbroker.connectors.dicom.pdu.RoleSelection;
import org.medbroker.connectors.dicom.pdu.UserIdentityAc;
import org.medbroker.connectors.dicom.pdu.UserIdentityRq;
import org.medbroker.connectors.dicom.pdu.UserInformation;

class AssociationTest {

    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4";
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

    private Harness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    static AssociationPolicy.Builder policy() {
        return AssociationPolicy.builder().calledAeTitle("MEDBROKER")
                .abstractSyntax(VERIFICATION, List.of(IMPLICIT_LE))
                .abstractSyntax(CT_IMAGE, List.of(EXPLICIT_LE, IMPLICIT_LE))
                .maxPduLength(16384).artimTimeout(Duration.ofSeconds(10));
    }

    static AssociateRq rq(String called, String calling, UserInformation info, PresentationContextRq... pcs) {
        return new AssociateRq(1, called, calling, AssociateRq.DICOM_APPLICATION_CONTEXT, List.of(pcs), info);
    }

    static AssociateRq rq(String called, String calling) {
        return rq(called, calling, UserInformation.of(1000, "1.2.3", "TEST"),
                new PresentationContextRq(1, VERIFICATION, List.of(IMPLICIT_LE)),
                new PresentationContextRq(3, MR_IMAGE, List.of(IMPLICIT_LE)),
                new PresentationContextRq(5, CT_IMAGE, List.of(JPEG_BASELINE)),
                new PresentationContextRq(7, CT_IMAGE, List.of(JPEG_BASELINE, IMPLICIT_LE, EXPLICIT_LE)));
    }

    private Harness established() {
        h = Harness.acceptor(policy().build());
        h.receive(rq("MEDBROKER", "MODALITY"));
        assertThat(h.sent()).isInstanceOf(AssociateAc.class);
        assertThat(h.state()).isEqualTo(State.Sta6);
        return h;
    }

    @Test
    void acceptsAndAnswersEachPresentationContext() {
        h = Harness.acceptor(policy().build());
        assertThat(h.state()).isEqualTo(State.Sta2);
        h.receive(rq("MEDBROKER", "MODALITY"));
        AssociateAc ac = (AssociateAc) h.sent();
        assertThat(ac.presentationContexts()).containsExactly(
                new PresentationContextAc(1, 0, IMPLICIT_LE),
                new PresentationContextAc(3, PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED, IMPLICIT_LE),
                new PresentationContextAc(5, PresentationContextAc.TRANSFER_SYNTAXES_NOT_SUPPORTED, JPEG_BASELINE),
                new PresentationContextAc(7, 0, IMPLICIT_LE));
        assertThat(ac.calledAeTitle()).isEqualTo("MEDBROKER");
        assertThat(ac.callingAeTitle()).isEqualTo("MODALITY");
        assertThat(ac.userInformation().maxLength()).isEqualTo(16384);
        assertThat(ac.userInformation().implementationClassUid()).isEqualTo(AssociationPolicy.IMPLEMENTATION_CLASS_UID);
        assertThat(h.state()).isEqualTo(State.Sta6);
        assertThat(h.listener.events).containsExactly("established");
        assertThat(h.association.presentationContext(7)).isEqualTo(new PresentationContext(7, CT_IMAGE, IMPLICIT_LE));
        assertThat(h.association.presentationContext(3)).isNull();
        assertThat(h.association.peerMaxPduLength()).isEqualTo(1000);
    }

    @Test
    void rejectsUnknownCalledAeTitle() {
        h = Harness.acceptor(policy().build());
        h.receive(rq("SOMEONE-ELSE", "MODALITY"));
        assertThat(h.sent()).isEqualTo(new AssociateRj(1, 1, 7));
        assertThat(h.state()).isEqualTo(State.Sta13);
        h.channel.close();
        assertThat(h.listener.termination).isEqualTo(Termination.REJECTED);
        assertThat(h.listener.events).doesNotContain("established");
    }

    @Test
    void rejectsCallingAeTitleNotAllowed() {
        h = Harness.acceptor(policy().callingAeTitle("CT1", "").build());
        h.receive(rq("MEDBROKER", "INTRUDER"));
        assertThat(h.sent()).isEqualTo(new AssociateRj(1, 1, 3));
    }

    @Test
    void rejectsUnsupportedApplicationContext() {
        h = Harness.acceptor(policy().build());
        AssociateRq good = rq("MEDBROKER", "MODALITY");
        h.receive(new AssociateRq(1, "MEDBROKER", "MODALITY", "1.2.3.4", good.presentationContexts(),
                good.userInformation()));
        assertThat(h.sent()).isEqualTo(new AssociateRj(1, 1, 2));
    }

    @Test
    void rejectsUnsupportedProtocolVersion() {
        h = Harness.acceptor(policy().build());
        AssociateRq good = rq("MEDBROKER", "MODALITY");
        h.receive(new AssociateRq(2, "MEDBROKER", "MODALITY", AssociateRq.DICOM_APPLICATION_CONTEXT,
                good.presentationContexts(), good.userInformation()));
        assertThat(h.sent()).isEqualTo(new AssociateRj(1, 2, 2));
    }

    @Test
    void rejectsMissingOrWrongUserIdentityAndAnswersAGoodOne() {
        UserIdentityCheck check = (identity, calling, peer) -> identity != null
                && new String(identity.primaryField(), StandardCharsets.UTF_8).equals("alice")
                && new String(identity.secondaryField(), StandardCharsets.UTF_8).equals("secret")
                ? Optional.of(new byte[0]) : Optional.empty();
        AssociationPolicy policy = policy().userIdentityCheck(check).build();
        h = Harness.acceptor(policy);
        h.receive(rq("MEDBROKER", "MODALITY"));
        assertThat(h.sent()).isEqualTo(new AssociateRj(1, 1, 1));
        h.close();

        h = Harness.acceptor(policy);
        h.receive(withIdentity("alice", "wrong"));
        assertThat(h.sent()).isEqualTo(new AssociateRj(1, 1, 1));
        h.close();

        h = Harness.acceptor(policy);
        h.receive(withIdentity("alice", "secret"));
        AssociateAc ac = (AssociateAc) h.sent();
        assertThat(ac.userInformation().userIdentityAc()).isEqualTo(new UserIdentityAc(new byte[0]));
    }

    private static AssociateRq withIdentity(String user, String passcode) {
        UserInformation info = new UserInformation(0, "1.2.3", null, null, List.of(), List.of(),
                new UserIdentityRq(UserIdentityRq.USERNAME_AND_PASSCODE, true, user.getBytes(StandardCharsets.UTF_8),
                        passcode.getBytes(StandardCharsets.UTF_8)), null);
        return rq("MEDBROKER", "MODALITY", info, new PresentationContextRq(1, VERIFICATION, List.of(IMPLICIT_LE)));
    }

    @Test
    void answersRoleSelectionAndAsyncWindowWithinThePolicy() {
        h = Harness.acceptor(policy().roleSelection(CT_IMAGE, true, true).asyncOperationsWindow(5, 1).build());
        UserInformation info = new UserInformation(0, "1.2.3", null, new AsyncOperationsWindow(10, 0),
                List.of(new RoleSelection(CT_IMAGE, true, true), new RoleSelection(MR_IMAGE, false, true)),
                List.of(), null, null);
        h.receive(rq("MEDBROKER", "MODALITY", info, new PresentationContextRq(1, CT_IMAGE, List.of(IMPLICIT_LE))));
        AssociateAc ac = (AssociateAc) h.sent();
        assertThat(ac.userInformation().roleSelections()).containsExactly(new RoleSelection(CT_IMAGE, true, true));
        assertThat(ac.userInformation().asyncOperationsWindow()).isEqualTo(new AsyncOperationsWindow(5, 1));
        assertThat(h.association.asyncOperationsWindow()).isEqualTo(new AsyncOperationsWindow(5, 1));
    }

    @Test
    void reassemblesCommandFragmentsAndPassesDataFragmentsAsTheyArrive() {
        established();
        h.receive(new PDataTf(List.of(pdv(1, true, false, 1, 2), pdv(1, true, false, 3))));
        assertThat(h.listener.commands).isEmpty();
        h.receive(new PDataTf(List.of(pdv(1, true, true, 4), pdv(1, false, false, 10, 11))));
        assertThat(h.listener.commands).hasSize(1);
        assertThat(h.listener.commands.get(0)).containsExactly(1, 2, 3, 4);
        assertThat(h.listener.fragments).hasSize(1);
        h.receive(PDataTf.of(pdv(1, false, false, 12)));
        h.receive(PDataTf.of(pdv(1, false, true, 13, 14)));
        assertThat(h.listener.events).containsExactly("established", "command 1", "data 1", "data 1", "data 1 last");
        assertThat(h.listener.fragments).satisfiesExactly(
                f -> assertThat(f).containsExactly(10, 11), f -> assertThat(f).containsExactly(12),
                f -> assertThat(f).containsExactly(13, 14));
    }

    private static Pdv pdv(int pcid, boolean command, boolean last, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new Pdv(pcid, command, last, Unpooled.wrappedBuffer(b));
    }

    @Test
    void abortsOnUnexpectedPdu() {
        established();
        h.receive(rq("MEDBROKER", "MODALITY"));
        assertThat(h.sent()).isEqualTo(new Abort(2, Abort.REASON_UNEXPECTED_PDU));
        assertThat(h.state()).isEqualTo(State.Sta13);
        h.receive(PDataTf.of(pdv(1, true, true, 1)));
        assertThat(h.sent()).as("AA-6: PDUs after an abort are ignored").isNull();
        assertThat(h.listener.commands).isEmpty();
        h.channel.close();
        assertThat(h.listener.termination).isEqualTo(Termination.ABORTED);
    }

    @Test
    void abortsOnPDataBeforeTheAssociation() {
        h = Harness.acceptor(policy().build());
        h.receive(PDataTf.of(pdv(1, true, true, 1)));
        assertThat(h.sent()).isEqualTo(new Abort(2, Abort.REASON_UNEXPECTED_PDU));
        assertThat(h.state()).isEqualTo(State.Sta13);
    }

    @Test
    void abortsOnInvalidPduWithItsReason() {
        established();
        h.receiveBytes(new byte[] {0x05, 0, 0, 0, 0, 2, 0, 0});
        assertThat(h.sent()).isEqualTo(new Abort(2, Abort.REASON_INVALID_PDU_PARAMETER_VALUE));
        h.receiveBytes(new byte[] {0x09, 0, 0, 0, 0, 0});
        assertThat(h.sent()).as("AA-7 in Sta13").isEqualTo(new Abort(2, Abort.REASON_UNRECOGNIZED_PDU));
    }

    @Test
    void abortsOnDataForAContextNotAccepted() {
        established();
        h.receive(PDataTf.of(pdv(3, true, true, 1)));
        assertThat(h.sent()).isEqualTo(new Abort(2, Abort.REASON_INVALID_PDU_PARAMETER_VALUE));
        assertThat(h.listener.commands).isEmpty();
    }

    @Test
    void abortsOnCommandLongerThanTheLimit() {
        h = Harness.acceptor(policy().maxCommandLength(3).build());
        h.receive(rq("MEDBROKER", "MODALITY"));
        h.sent();
        h.receive(new PDataTf(List.of(pdv(1, true, false, 1, 2), pdv(1, true, true, 3, 4))));
        assertThat(h.sent()).isEqualTo(new Abort(2, Abort.REASON_INVALID_PDU_PARAMETER_VALUE));
    }

    @Test
    void artimClosesIdleConnection() {
        h = Harness.acceptor(policy().build());
        h.channel.advanceTimeBy(9, TimeUnit.SECONDS);
        h.channel.runScheduledPendingTasks();
        assertThat(h.channel.isOpen()).isTrue();
        h.channel.advanceTimeBy(2, TimeUnit.SECONDS);
        h.channel.runScheduledPendingTasks();
        assertThat(h.channel.isOpen()).isFalse();
        assertThat(h.listener.termination).isEqualTo(Termination.TIMED_OUT);
    }

    @Test
    void artimClosesAfterARejectionThePeerIgnores() {
        h = Harness.acceptor(policy().build());
        h.receive(rq("NOBODY", "MODALITY"));
        h.sent();
        h.channel.advanceTimeBy(11, TimeUnit.SECONDS);
        h.channel.runScheduledPendingTasks();
        assertThat(h.channel.isOpen()).isFalse();
        assertThat(h.listener.termination).isEqualTo(Termination.REJECTED);
    }

    @Test
    void answersReleaseAsAcceptor() {
        established();
        h.receive(ReleaseRq.INSTANCE);
        assertThat(h.sent()).isEqualTo(ReleaseRp.INSTANCE);
        assertThat(h.state()).isEqualTo(State.Sta13);
        h.channel.close();
        assertThat(h.listener.termination).isEqualTo(Termination.RELEASED);
        assertThat(h.state()).isEqualTo(State.Sta1);
    }

    @Test
    void sendsOutstandingDataBeforeAnsweringALateRelease() {
        established();
        h.listener.answerReleaseAtOnce = false;
        h.receive(ReleaseRq.INSTANCE);
        assertThat(h.state()).isEqualTo(State.Sta8);
        Future<Void> sent = h.association.send(1, Unpooled.wrappedBuffer(new byte[] {7}), null);
        assertThat(h.sent()).asList().singleElement().usingRecursiveComparison()
                .isEqualTo(new SentPdv(1, true, true, new byte[] {7}));
        assertThat(sent.isSuccess()).isTrue();
        h.association.releaseResponse();
        assertThat(h.sent()).isEqualTo(ReleaseRp.INSTANCE);
    }

    @Test
    void answersReleaseCollisionAsAcceptor() {
        established();
        h.association.release();
        assertThat(h.sent()).isEqualTo(ReleaseRq.INSTANCE);
        assertThat(h.state()).isEqualTo(State.Sta7);
        h.receive(ReleaseRq.INSTANCE);
        assertThat(h.state()).isEqualTo(State.Sta10);
        assertThat(h.sent()).isNull();
        h.receive(ReleaseRp.INSTANCE);
        assertThat(h.sent()).as("AR-4 from Sta12").isEqualTo(ReleaseRp.INSTANCE);
        assertThat(h.state()).isEqualTo(State.Sta13);
        h.channel.close();
        assertThat(h.listener.termination).isEqualTo(Termination.RELEASED);
    }

    @Test
    void answersReleaseCollisionAsRequestor() {
        h = Harness.requestor(rq("STORESCP", "MEDBROKER"), policy().build());
        assertThat(h.sent()).isInstanceOf(AssociateRq.class);
        assertThat(h.state()).isEqualTo(State.Sta5);
        h.receive(new AssociateAc(1, "STORESCP", "MEDBROKER", AssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextAc(1, 0, IMPLICIT_LE)), UserInformation.of(0, "1.2", null)));
        assertThat(h.state()).isEqualTo(State.Sta6);
        h.association.release();
        assertThat(h.sent()).isEqualTo(ReleaseRq.INSTANCE);
        h.receive(ReleaseRq.INSTANCE);
        assertThat(h.sent()).as("AR-9 from Sta9").isEqualTo(ReleaseRp.INSTANCE);
        assertThat(h.state()).isEqualTo(State.Sta11);
        h.receive(ReleaseRp.INSTANCE);
        assertThat(h.channel.isOpen()).isFalse();
        assertThat(h.listener.termination).isEqualTo(Termination.RELEASED);
    }

    @Test
    void requestorReleasesNormally() {
        h = Harness.requestor(rq("STORESCP", "MEDBROKER"), policy().build());
        h.sent();
        h.receive(new AssociateAc(1, "STORESCP", "MEDBROKER", AssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextAc(1, 0, IMPLICIT_LE)), UserInformation.of(0, "1.2", null)));
        assertThat(h.listener.events).containsExactly("established");
        h.association.release();
        assertThat(h.sent()).isEqualTo(ReleaseRq.INSTANCE);
        h.receive(PDataTf.of(pdv(1, true, true, 5)));
        assertThat(h.listener.commands).as("AR-6: data still delivered in Sta7").hasSize(1);
        h.receive(ReleaseRp.INSTANCE);
        assertThat(h.channel.isOpen()).isFalse();
        assertThat(h.listener.termination).isEqualTo(Termination.RELEASED);
    }

    @Test
    void requestorClosesOnRejection() {
        h = Harness.requestor(rq("STORESCP", "MEDBROKER"), policy().build());
        h.sent();
        h.receive(new AssociateRj(1, 1, 7));
        assertThat(h.channel.isOpen()).isFalse();
        assertThat(h.association.rejection()).isEqualTo(new AssociateRj(1, 1, 7));
        assertThat(h.listener.termination).isEqualTo(Termination.REJECTED);
    }

    @Test
    void closesWhenThePeerAborts() {
        established();
        h.receive(new Abort(0, 0));
        assertThat(h.channel.isOpen()).isFalse();
        assertThat(h.listener.termination).isEqualTo(Termination.PEER_ABORTED);
    }

    @Test
    void indicatesConnectionLoss() {
        established();
        h.channel.close();
        assertThat(h.listener.termination).isEqualTo(Termination.CONNECTION_LOST);
        assertThat(h.state()).isEqualTo(State.Sta1);
    }

    @Test
    void sendsAbortOnLocalRequest() {
        established();
        h.association.abort();
        assertThat(h.sent()).isEqualTo(new Abort(0, 0));
        assertThat(h.state()).isEqualTo(State.Sta13);
    }

    @Test
    void refusesToSendBeforeTheAssociationAndReleasesTheBuffers() {
        h = Harness.acceptor(policy().build());
        var command = Unpooled.buffer().writeByte(1);
        Future<Void> sent = h.association.send(1, command, null);
        assertThat(sent.isSuccess()).isFalse();
        assertThat(command.refCnt()).isZero();
    }

    @Test
    void fragmentsCommandAndStreamedDataSetWithinThePeersMaximumLength() {
        h = Harness.acceptor(policy().build());
        h.receive(rq("MEDBROKER", "MODALITY", UserInformation.of(100, "1.2.3", null),
                new PresentationContextRq(1, VERIFICATION, List.of(IMPLICIT_LE))));
        h.sent();
        byte[] command = new byte[250];
        byte[] dataSet = new byte[1000];
        for (int i = 0; i < dataSet.length; i++) {
            dataSet[i] = (byte) i;
        }
        Future<Void> sent = h.association.send(1, Unpooled.wrappedBuffer(command),
                OutboundData.of(Channels.newChannel(new ByteArrayInputStream(dataSet)), dataSet.length));
        List<Object> pdus = h.allSent();
        assertThat(sent.isSuccess()).isTrue();
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        int commandBytes = 0;
        for (int i = 0; i < pdus.size(); i++) {
            @SuppressWarnings("unchecked")
            SentPdv pdv = ((List<SentPdv>) pdus.get(i)).get(0);
            assertThat(pdv.data().length + Pdv.OVERHEAD).isLessThanOrEqualTo(100);
            if (pdv.command()) {
                commandBytes += pdv.data().length;
                assertThat(pdv.last()).isEqualTo(commandBytes == 250);
            } else {
                data.writeBytes(pdv.data());
                assertThat(pdv.last()).isEqualTo(i == pdus.size() - 1);
            }
        }
        assertThat(commandBytes).isEqualTo(250);
        assertThat(data.toByteArray()).isEqualTo(dataSet);
    }

    @Test
    void requestorAbortsOnPDataBeforeTheAnswer() {
        h = Harness.requestor(rq("STORESCP", "MEDBROKER"), policy().build());
        h.sent();
        h.receive(PDataTf.of(pdv(1, true, true, 1)));
        assertThat(h.sent()).isEqualTo(new Abort(2, Abort.REASON_UNEXPECTED_PDU));
        assertThat(h.state()).isEqualTo(State.Sta13);
        assertThat(h.listener.commands).isEmpty();
    }

    @Test
    void ignoresAReleaseRequestBeforeTheAssociationWithAnAbort() {
        h = Harness.acceptor(policy().build());
        h.receive(ReleaseRq.INSTANCE);
        assertThat(h.sent()).isEqualTo(new Abort(2, Abort.REASON_UNEXPECTED_PDU));
        h.channel.advanceTimeBy(11, TimeUnit.SECONDS);
        h.channel.runScheduledPendingTasks();
        assertThat(h.channel.isOpen()).as("ARTIM closes after AA-1").isFalse();
        assertThat(h.listener.termination).isEqualTo(Termination.ABORTED);
    }

    @Test
    void abortsOnAReleaseResponseNobodyAskedFor() {
        established();
        h.receive(ReleaseRp.INSTANCE);
        assertThat(h.sent()).isEqualTo(new Abort(2, Abort.REASON_UNEXPECTED_PDU));
    }

    @Test
    void refusesALocalReleaseResponseWithoutARequest() {
        established();
        h.association.releaseResponse();
        assertThat(h.sent()).isNull();
        assertThat(h.state()).isEqualTo(State.Sta6);
    }
}
