package org.medbroker.connectors.dicom.association;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medbroker.connectors.dicom.pdu.AssociateAc;
import org.medbroker.connectors.dicom.pdu.AssociateRj;
import org.medbroker.connectors.dicom.pdu.AssociateRq;
import org.medbroker.connectors.dicom.pdu.AsyncOperationsWindow;
import org.medbroker.connectors.dicom.pdu.PresentationContextAc;
import org.medbroker.connectors.dicom.pdu.PresentationContextRq;
import org.medbroker.connectors.dicom.pdu.RoleSelection;
import org.medbroker.connectors.dicom.pdu.UserIdentityAc;
import org.medbroker.connectors.dicom.pdu.UserInformation;
import org.medbroker.connectors.tcp.PeerFilter;

/**
 * The acceptor's answer to an A-ASSOCIATE-RQ (the decision of PS3.8 action AE-6): an A-ASSOCIATE-AC
 * with a result per presentation context, or an A-ASSOCIATE-RJ with its result, source and reason.
 */
public sealed interface Negotiation {

    record Accepted(AssociateAc ac) implements Negotiation {}

    /** @param why for the log, without PHI */
    record Rejected(AssociateRj rj, String why) implements Negotiation {}

    static Negotiation negotiate(AssociateRq rq, InetAddress peer, AssociationPolicy policy) {
        if ((rq.protocolVersion() & AssociateRq.PROTOCOL_VERSION_1) == 0) {
            return reject(AssociateRj.SOURCE_SERVICE_PROVIDER_ACSE, AssociateRj.REASON_PROTOCOL_VERSION_NOT_SUPPORTED,
                    "protocol version " + rq.protocolVersion() + " not supported");
        }
        if (!policy.calledAeTitles().contains(rq.calledAeTitle())) {
            return reject(AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_CALLED_AE_TITLE_NOT_RECOGNIZED,
                    "called AE title '" + rq.calledAeTitle() + "' is not ours");
        }
        if (!policy.callingAeTitles().isEmpty()) {
            PeerFilter hosts = policy.callingAeTitles().get(rq.callingAeTitle());
            if (hosts == null || !hosts.allows(peer)) {
                return reject(AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_CALLING_AE_TITLE_NOT_RECOGNIZED,
                        "calling AE title '" + rq.callingAeTitle() + "' is not allowed from " + peer.getHostAddress());
            }
        }
        if (!AssociateRq.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            return reject(AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED,
                    "application context " + rq.applicationContext() + " not supported");
        }
        UserInformation proposed = rq.userInformation();
        UserIdentityAc identityAc = null;
        if (policy.userIdentityCheck() != null) {
            Optional<byte[]> response = policy.userIdentityCheck().verify(proposed.userIdentityRq(), rq.callingAeTitle(), peer);
            if (response.isEmpty()) {
                return reject(AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_NO_REASON_GIVEN,
                        "user identity " + (proposed.userIdentityRq() == null ? "missing" : "refused"));
            }
            if (proposed.userIdentityRq() != null && proposed.userIdentityRq().positiveResponseRequested()) {
                identityAc = new UserIdentityAc(response.get());
            }
        }
        List<PresentationContextAc> contexts = new ArrayList<>();
        for (PresentationContextRq pc : rq.presentationContexts()) {
            contexts.add(answer(pc, policy));
        }
        List<RoleSelection> roles = new ArrayList<>();
        Map<String, RoleSelection> allowed = policy.roleSelections();
        for (RoleSelection role : proposed.roleSelections()) {
            RoleSelection ours = allowed.get(role.sopClassUid());
            if (ours != null) {
                roles.add(new RoleSelection(role.sopClassUid(), role.scuRole() && ours.scuRole(),
                        role.scpRole() && ours.scpRole()));
            }
        }
        AsyncOperationsWindow window = null;
        if (proposed.asyncOperationsWindow() != null && policy.asyncOperationsWindow() != null) {
            window = new AsyncOperationsWindow(
                    min(proposed.asyncOperationsWindow().maxOperationsInvoked(), policy.asyncOperationsWindow().maxOperationsInvoked()),
                    min(proposed.asyncOperationsWindow().maxOperationsPerformed(), policy.asyncOperationsWindow().maxOperationsPerformed()));
        }
        UserInformation info = new UserInformation(policy.maxPduLength(), policy.implementationClassUid(),
                policy.implementationVersionName(), window, roles, List.of(), null, identityAc);
        return new Accepted(new AssociateAc(AssociateRq.PROTOCOL_VERSION_1, rq.calledAeTitle(), rq.callingAeTitle(),
                AssociateRq.DICOM_APPLICATION_CONTEXT, contexts, info));
    }

    private static PresentationContextAc answer(PresentationContextRq pc, AssociationPolicy policy) {
        String first = pc.transferSyntaxes().get(0);
        if (!policy.transferSyntaxes().containsKey(pc.abstractSyntax())) {
            return new PresentationContextAc(pc.id(), PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED, first);
        }
        String chosen = policy.chooseTransferSyntax(pc.abstractSyntax(), pc.transferSyntaxes());
        if (chosen == null) {
            return new PresentationContextAc(pc.id(), PresentationContextAc.TRANSFER_SYNTAXES_NOT_SUPPORTED, first);
        }
        return new PresentationContextAc(pc.id(), PresentationContextAc.ACCEPTANCE, chosen);
    }

    /** 0 means unlimited in a window. */
    private static int min(int a, int b) {
        return a == 0 ? b : b == 0 ? a : Math.min(a, b);
    }

    private static Rejected reject(int source, int reason, String why) {
        return new Rejected(new AssociateRj(AssociateRj.RESULT_REJECTED_PERMANENT, source, reason), why);
    }
}
