package org.medbroker.connectors.dicom.dimse;

/** DIMSE status codes (PS3.7 annex C) and their classes. */
public final class Status {

    public static final int SUCCESS = 0x0000;
    public static final int PENDING = 0xFF00;
    /** Pending, one or more optional keys not supported (C-FIND). */
    public static final int PENDING_WARNING = 0xFF01;
    public static final int CANCEL = 0xFE00;
    /** Duplicate SOP Instance (C-STORE failure, PS3.7 C.5.x; a warning for some SCPs). */
    public static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    public static final int NO_SUCH_SOP_CLASS = 0x0118;
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    public static final int PROCESSING_FAILURE = 0x0110;
    public static final int OUT_OF_RESOURCES = 0xA700;
    /** Out of resources, unable to calculate number of matches (C-FIND). */
    public static final int OUT_OF_RESOURCES_MATCHES = 0xA701;
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    /** Identifier does not match SOP class (C-FIND). */
    public static final int IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    public static final int CANNOT_UNDERSTAND = 0xC000;
    /** Unable to process (C-FIND, C-MOVE, C-GET: C001–CFFF). */
    public static final int UNABLE_TO_PROCESS = 0xC001;
    /** Coercion of data elements (C-STORE warning). */
    public static final int COERCION_OF_DATA_ELEMENTS = 0xB000;
    public static final int ELEMENTS_DISCARDED = 0xB006;
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS_WARNING = 0xB007;
    /** C-GET, C-MOVE: refused, out of resources, unable to perform sub-operations. */
    public static final int UNABLE_TO_PERFORM_SUB_OPERATIONS = 0xA702;
    /** C-MOVE: refused, move destination unknown. */
    public static final int MOVE_DESTINATION_UNKNOWN = 0xA801;
    /** C-GET, C-MOVE: sub-operations complete, one or more failures or warnings. */
    public static final int SUB_OPERATIONS_COMPLETE_WITH_FAILURES = 0xB000;

    private Status() {
    }

    public static boolean isPending(int status) {
        return status == PENDING || status == PENDING_WARNING;
    }

    public static boolean isSuccess(int status) {
        return status == SUCCESS;
    }

    public static boolean isWarning(int status) {
        return status == 0x0001 || (status & 0xF000) == 0xB000 || status == DUPLICATE_SOP_INSTANCE;
    }

    public static boolean isCancel(int status) {
        return status == CANCEL;
    }

    /** Anything that is not success, pending, cancel or warning. */
    public static boolean isFailure(int status) {
        return !isSuccess(status) && !isPending(status) && !isCancel(status) && !isWarning(status);
    }

    /** Final statuses end an operation; pending ones announce more responses. */
    public static boolean isFinal(int status) {
        return !isPending(status);
    }

    public static String hex(int status) {
        String hex = Integer.toHexString(status & 0xFFFF).toUpperCase(java.util.Locale.ROOT);
        return "0000".substring(hex.length()) + hex;
    }
}
