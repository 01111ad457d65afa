package org.medbroker.connectors.dicom.association;

import org.medbroker.connectors.dicom.pdu.Abort;
import org.medbroker.connectors.dicom.pdu.AssociateAc;
import org.medbroker.connectors.dicom.pdu.AssociateRj;
import org.medbroker.connectors.dicom.pdu.AssociateRq;
import org.medbroker.connectors.dicom.pdu.PDataTf;

/**
 * The states of the DICOM upper layer, PS3.8 9.2.1 table 9-10. Each state overrides the events it
 * accepts with the action the table gives (named in comments: AE-n, DT-n, AR-n, AA-n).
 *
 * <p>Defaults: a PDU a state does not accept is answered with AA-8 (A-ABORT, provider source,
 * unexpected PDU; ARTIM; Sta13); a local request it does not accept fails with
 * {@link IllegalStateException} and is logged. A-ABORT received, transport closed and the local
 * A-ABORT request are accepted everywhere: their defaults are the Sta3–Sta12 actions AA-3, AA-4, AA-1.
 */
enum State {

    /** Idle. */
    Sta1 {
        @Override
        void transportConnectIndication(Association a) { // AE-5
            a.startArtim();
            a.enter(Sta2);
        }

        @Override
        void transportClosed(Association a) {
        }

        @Override
        void abortRequest(Association a) {
        }

        @Override
        void abortReceived(Association a, Abort abort) {
        }
    },

    /** Transport connection open, awaiting A-ASSOCIATE-RQ PDU. */
    Sta2 {
        @Override
        void associateRq(Association a, AssociateRq rq) { // AE-6
            a.stopArtim();
            a.enter(Sta3);
            a.negotiate(rq);
        }

        @Override
        void abortReceived(Association a, Abort abort) { // AA-2
            a.stopArtim();
            a.closeAndIdle(Termination.PEER_ABORTED);
        }

        @Override
        void transportClosed(Association a) { // AA-5
            a.stopArtim();
            a.enter(Sta1);
        }

        @Override
        void artimExpired(Association a) { // AA-2
            a.closeAndIdle(Termination.TIMED_OUT);
        }

        @Override
        void unexpectedPdu(Association a, String what, int reason) { // AA-1
            a.abortAndAwaitClose(Abort.byServiceProvider(reason), what + " (before A-ASSOCIATE-RQ)");
        }
    },

    /** Awaiting local A-ASSOCIATE response primitive (the policy's decision). */
    Sta3 {
        @Override
        void associateResponseAccept(Association a, AssociateAc ac) { // AE-7
            a.accepted(ac);
            a.send(ac);
            a.enter(Sta6);
            a.indicateEstablished();
        }

        @Override
        void associateResponseReject(Association a, AssociateRj rj) { // AE-8
            a.send(rj);
            a.terminating(Termination.REJECTED);
            a.startArtim();
            a.enter(Sta13);
        }
    },

    /** Awaiting transport connection opening to complete. */
    Sta4 {
        @Override
        void transportConnected(Association a) { // AE-2
            a.sendAssociateRq();
            a.enter(Sta5);
        }

        @Override
        void abortRequest(Association a) { // AA-2
            a.closeAndIdle(Termination.ABORTED);
        }
    },

    /** Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU. */
    Sta5 {
        @Override
        void associateAc(Association a, AssociateAc ac) { // AE-3
            a.accepted(ac);
            a.enter(Sta6);
            a.indicateEstablished();
        }

        @Override
        void associateRj(Association a, AssociateRj rj) { // AE-4
            a.rejected(rj);
            a.close();
            a.enter(Sta1);
        }
    },

    /** Association established and ready for data transfer. */
    Sta6 {
        @Override
        void pDataRequest(Association a, Runnable send) { // DT-1
            send.run();
        }

        @Override
        void pData(Association a, PDataTf tf) { // DT-2
            a.deliver(tf);
        }

        @Override
        void releaseRequest(Association a) { // AR-1
            a.send(org.medbroker.connectors.dicom.pdu.ReleaseRq.INSTANCE);
            a.enter(Sta7);
        }

        @Override
        void releaseRq(Association a) { // AR-2
            a.enter(Sta8);
            a.indicateReleaseRequested();
        }
    },

    /** Awaiting A-RELEASE-RP PDU. */
    Sta7 {
        @Override
        void pData(Association a, PDataTf tf) { // AR-6
            a.deliver(tf);
        }

        @Override
        void releaseRq(Association a) { // AR-8
            if (a.role() == Association.Role.REQUESTOR) {
                a.enter(Sta9);
                a.indicateReleaseRequested();
            } else {
                a.enter(Sta10);
            }
        }

        @Override
        void releaseRp(Association a) { // AR-3
            a.closeAndIdle(Termination.RELEASED);
        }
    },

    /** Awaiting local A-RELEASE response primitive. */
    Sta8 {
        @Override
        void pDataRequest(Association a, Runnable send) { // AR-7
            send.run();
        }

        @Override
        void releaseResponse(Association a) { // AR-4
            a.sendReleaseRpAndAwaitClose();
        }
    },

    /** Release collision requestor side; awaiting A-RELEASE response primitive. */
    Sta9 {
        @Override
        void releaseResponse(Association a) { // AR-9
            a.send(org.medbroker.connectors.dicom.pdu.ReleaseRp.INSTANCE);
            a.enter(Sta11);
        }
    },

    /** Release collision acceptor side; awaiting A-RELEASE-RP PDU. */
    Sta10 {
        @Override
        void releaseRp(Association a) { // AR-10
            a.enter(Sta12);
            a.indicateReleaseRequested();
        }
    },

    /** Release collision requestor side; awaiting A-RELEASE-RP PDU. */
    Sta11 {
        @Override
        void releaseRp(Association a) { // AR-3
            a.closeAndIdle(Termination.RELEASED);
        }
    },

    /** Release collision acceptor side; awaiting A-RELEASE response primitive. */
    Sta12 {
        @Override
        void releaseResponse(Association a) { // AR-4
            a.sendReleaseRpAndAwaitClose();
        }
    },

    /** Awaiting transport connection close indication. */
    Sta13 {
        @Override
        void associateRq(Association a, AssociateRq rq) { // AA-7
            a.send(Abort.byServiceProvider(Abort.REASON_UNEXPECTED_PDU));
        }

        @Override
        void invalidPdu(Association a, int reason, String detail) { // AA-7
            a.send(Abort.byServiceProvider(reason));
        }

        @Override
        void unexpectedPdu(Association a, String what, int reason) { // AA-6: ignored
        }

        @Override
        void abortReceived(Association a, Abort abort) { // AA-2
            a.stopArtim();
            a.close();
            a.enter(Sta1);
        }

        @Override
        void transportClosed(Association a) { // AR-5
            a.stopArtim();
            a.enter(Sta1);
        }

        @Override
        void artimExpired(Association a) { // AA-2
            a.closeAndIdle(Termination.TIMED_OUT);
        }

        @Override
        void abortRequest(Association a) {
        }
    };

    // Evt6, Evt3, Evt4, Evt10, Evt12, Evt13: PDUs received

    void associateRq(Association a, AssociateRq rq) {
        unexpectedPdu(a, "A-ASSOCIATE-RQ unexpected", Abort.REASON_UNEXPECTED_PDU);
    }

    void associateAc(Association a, AssociateAc ac) {
        unexpectedPdu(a, "A-ASSOCIATE-AC unexpected", Abort.REASON_UNEXPECTED_PDU);
    }

    void associateRj(Association a, AssociateRj rj) {
        unexpectedPdu(a, "A-ASSOCIATE-RJ unexpected", Abort.REASON_UNEXPECTED_PDU);
    }

    void pData(Association a, PDataTf tf) {
        unexpectedPdu(a, "P-DATA-TF unexpected", Abort.REASON_UNEXPECTED_PDU);
    }

    void releaseRq(Association a) {
        unexpectedPdu(a, "A-RELEASE-RQ unexpected", Abort.REASON_UNEXPECTED_PDU);
    }

    void releaseRp(Association a) {
        unexpectedPdu(a, "A-RELEASE-RP unexpected", Abort.REASON_UNEXPECTED_PDU);
    }

    /** Evt19. */
    void invalidPdu(Association a, int reason, String detail) {
        unexpectedPdu(a, detail, reason);
    }

    /** AA-8 in Sta3 to Sta12. */
    void unexpectedPdu(Association a, String what, int reason) {
        a.abortAndAwaitClose(Abort.byServiceProvider(reason), what + " (in " + this + ")");
    }

    /** Evt16: AA-3. */
    void abortReceived(Association a, Abort abort) {
        a.closeAndIdle(Termination.PEER_ABORTED);
    }

    /** Evt17: AA-4. */
    void transportClosed(Association a) {
        a.enter(Sta1);
    }

    /** Evt18: the timer only runs in Sta2 and Sta13, which override this. */
    void artimExpired(Association a) {
    }

    /** Evt15: AA-1. */
    void abortRequest(Association a) {
        a.abortAndAwaitClose(Abort.byServiceUser(), "abort requested locally in " + this);
    }

    // local primitives: Evt2, Evt5, Evt7, Evt8, Evt9, Evt11, Evt14

    void transportConnected(Association a) {
        a.refuseLocal(this, "transport connect confirmation");
    }

    void transportConnectIndication(Association a) {
        a.refuseLocal(this, "transport connect indication");
    }

    void associateResponseAccept(Association a, AssociateAc ac) {
        a.refuseLocal(this, "A-ASSOCIATE response (accept)");
    }

    void associateResponseReject(Association a, AssociateRj rj) {
        a.refuseLocal(this, "A-ASSOCIATE response (reject)");
    }

    void pDataRequest(Association a, Runnable send) {
        a.refuseLocal(this, "P-DATA request");
    }

    void releaseRequest(Association a) {
        a.refuseLocal(this, "A-RELEASE request");
    }

    void releaseResponse(Association a) {
        a.refuseLocal(this, "A-RELEASE response");
    }
}
