package org.medbroker.connectors.dicom.pdu;

/**
 * A-ASSOCIATE-RJ (PS3.8 9.3.4): reserved, result, source, reason/diag.
 *
 * @param result 1 rejected-permanent, 2 rejected-transient
 * @param source 1 service-user, 2 service-provider (ACSE related), 3 service-provider (presentation related)
 * @param reason depends on the source, see the {@code REASON_} constants
 */
public record AssociateRj(int result, int source, int reason) implements Pdu {

    public static final int RESULT_REJECTED_PERMANENT = 1;
    public static final int RESULT_REJECTED_TRANSIENT = 2;

    public static final int SOURCE_SERVICE_USER = 1;
    public static final int SOURCE_SERVICE_PROVIDER_ACSE = 2;
    public static final int SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;

    /** Source 1. */
    public static final int REASON_NO_REASON_GIVEN = 1;
    /** Source 1. */
    public static final int REASON_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED = 2;
    /** Source 1. */
    public static final int REASON_CALLING_AE_TITLE_NOT_RECOGNIZED = 3;
    /** Source 1. */
    public static final int REASON_CALLED_AE_TITLE_NOT_RECOGNIZED = 7;
    /** Source 2. */
    public static final int REASON_PROTOCOL_VERSION_NOT_SUPPORTED = 2;
    /** Source 3. */
    public static final int REASON_TEMPORARY_CONGESTION = 1;
    /** Source 3. */
    public static final int REASON_LOCAL_LIMIT_EXCEEDED = 2;
}
