package org.medbroker.connectors.dicom.pdu;

/**
 * A-ABORT (PS3.8 9.3.8): reserved, reserved, source, reason/diag.
 *
 * @param source 0 service-user, 2 service-provider
 * @param reason meaningful when the source is the service-provider: one of the {@code REASON_} constants
 */
public record Abort(int source, int reason) implements Pdu {

    public static final int SOURCE_SERVICE_USER = 0;
    public static final int SOURCE_SERVICE_PROVIDER = 2;

    public static final int REASON_NOT_SPECIFIED = 0;
    public static final int REASON_UNRECOGNIZED_PDU = 1;
    public static final int REASON_UNEXPECTED_PDU = 2;
    public static final int REASON_UNRECOGNIZED_PDU_PARAMETER = 4;
    public static final int REASON_UNEXPECTED_PDU_PARAMETER = 5;
    public static final int REASON_INVALID_PDU_PARAMETER_VALUE = 6;

    public static Abort byServiceUser() {
        return new Abort(SOURCE_SERVICE_USER, REASON_NOT_SPECIFIED);
    }

    public static Abort byServiceProvider(int reason) {
        return new Abort(SOURCE_SERVICE_PROVIDER, reason);
    }
}
