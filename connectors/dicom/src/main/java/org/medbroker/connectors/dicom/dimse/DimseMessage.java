package org.medbroker.connectors.dicom.dimse;

/**
 * A DIMSE message's command (PS3.7 9 and 10): the records below name the message types of the
 * standard. A request carries its Message ID; a response the Message ID Being Responded To.
 */
public sealed interface DimseMessage {

    int C_STORE_RQ = 0x0001;
    int C_STORE_RSP = 0x8001;
    int C_GET_RQ = 0x0010;
    int C_GET_RSP = 0x8010;
    int C_FIND_RQ = 0x0020;
    int C_FIND_RSP = 0x8020;
    int C_MOVE_RQ = 0x0021;
    int C_MOVE_RSP = 0x8021;
    int C_ECHO_RQ = 0x0030;
    int C_ECHO_RSP = 0x8030;
    int C_CANCEL_RQ = 0x0FFF;

    int PRIORITY_MEDIUM = 0;
    int PRIORITY_HIGH = 1;
    int PRIORITY_LOW = 2;

    int commandField();

    /** Whether a data set follows the command (Command Data Set Type not 0101H). */
    boolean hasDataSet();

    /** A request that starts an operation (not C-CANCEL). */
    sealed interface Request extends DimseMessage {
        int messageId();

        String affectedSopClassUid();
    }

    sealed interface Response extends DimseMessage {
        int messageIdBeingRespondedTo();

        String affectedSopClassUid();

        int status();

        /** Error Comment (0000,0902), or null. */
        String errorComment();
    }

    record CEchoRq(int messageId, String affectedSopClassUid) implements Request {
        public int commandField() {
            return C_ECHO_RQ;
        }

        public boolean hasDataSet() {
            return false;
        }
    }

    record CEchoRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, int status, String errorComment)
            implements Response {
        public int commandField() {
            return C_ECHO_RSP;
        }

        public boolean hasDataSet() {
            return false;
        }
    }

    /** @param moveOriginatorAeTitle null unless the store is a C-MOVE sub-operation */
    record CStoreRq(int messageId, String affectedSopClassUid, String affectedSopInstanceUid, int priority,
            String moveOriginatorAeTitle, int moveOriginatorMessageId) implements Request {
        public int commandField() {
            return C_STORE_RQ;
        }

        public boolean hasDataSet() {
            return true;
        }
    }

    record CStoreRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, String affectedSopInstanceUid,
            int status, String errorComment) implements Response {
        public int commandField() {
            return C_STORE_RSP;
        }

        public boolean hasDataSet() {
            return false;
        }
    }

    record CFindRq(int messageId, String affectedSopClassUid, int priority) implements Request {
        public int commandField() {
            return C_FIND_RQ;
        }

        public boolean hasDataSet() {
            return true;
        }
    }

    /** Pending responses carry an identifier; final ones none. */
    record CFindRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, int status, String errorComment)
            implements Response {
        public int commandField() {
            return C_FIND_RSP;
        }

        public boolean hasDataSet() {
            return Status.isPending(status);
        }
    }

    /**
     * Number of Remaining, Completed, Failed and Warning Sub-operations (PS3.7 9.3.3.2, 9.3.4.2);
     * {@code remaining} is -1 when absent (final responses).
     */
    record SubOperations(int remaining, int completed, int failed, int warning) {
        public static final SubOperations NONE = new SubOperations(-1, 0, 0, 0);
    }

    record CGetRq(int messageId, String affectedSopClassUid, int priority) implements Request {
        public int commandField() {
            return C_GET_RQ;
        }

        public boolean hasDataSet() {
            return true;
        }
    }

    /** @param subOperations null when the response carries no counts */
    record CGetRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, int status, String errorComment,
            SubOperations subOperations) implements Response {
        public int commandField() {
            return C_GET_RSP;
        }

        public boolean hasDataSet() {
            return false;
        }
    }

    record CMoveRq(int messageId, String affectedSopClassUid, int priority, String moveDestination) implements Request {
        public int commandField() {
            return C_MOVE_RQ;
        }

        public boolean hasDataSet() {
            return true;
        }
    }

    /** @param subOperations null when the response carries no counts */
    record CMoveRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, int status, String errorComment,
            SubOperations subOperations) implements Response {
        public int commandField() {
            return C_MOVE_RSP;
        }

        public boolean hasDataSet() {
            return false;
        }
    }

    record CCancelRq(int messageIdBeingRespondedTo) implements DimseMessage {
        public int commandField() {
            return C_CANCEL_RQ;
        }

        public boolean hasDataSet() {
            return false;
        }
    }
}
