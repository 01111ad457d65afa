package org.medbroker.connectors.dicom.association;

/** How an association, or the connection that was to carry it, ended. */
public enum Termination {
    /** A-RELEASE completed, both ways or after a release collision. */
    RELEASED,
    /** A-ASSOCIATE-RJ sent or received. */
    REJECTED,
    /** The peer sent an A-ABORT. */
    PEER_ABORTED,
    /** We sent an A-ABORT: local request, unexpected or invalid PDU. */
    ABORTED,
    /** The ARTIM timer expired: the peer sent nothing, or did not close after the end. */
    TIMED_OUT,
    /** The transport connection closed without any of the above. */
    CONNECTION_LOST
}
