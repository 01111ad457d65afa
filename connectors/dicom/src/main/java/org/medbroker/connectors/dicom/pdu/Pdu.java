package org.medbroker.connectors.dicom.pdu;

/**
 * One upper-layer PDU (PS3.8 9.3). Every PDU starts with the same six bytes:
 *
 * <pre>
 *   +------+----------+-------------------------------+------------------------+
 *   | type | reserved | PDU length (uint32, big end.) | variable field         |
 *   +------+----------+-------------------------------+------------------------+
 *      1        1                   4                   PDU length bytes
 * </pre>
 */
public sealed interface Pdu permits AssociateRq, AssociateAc, AssociateRj, PDataTf, ReleaseRq, ReleaseRp, Abort {

    int TYPE_ASSOCIATE_RQ = 0x01;
    int TYPE_ASSOCIATE_AC = 0x02;
    int TYPE_ASSOCIATE_RJ = 0x03;
    int TYPE_P_DATA_TF = 0x04;
    int TYPE_RELEASE_RQ = 0x05;
    int TYPE_RELEASE_RP = 0x06;
    int TYPE_ABORT = 0x07;

    /** Bytes before the variable field: type, reserved, length. */
    int HEADER_LENGTH = 6;
}
