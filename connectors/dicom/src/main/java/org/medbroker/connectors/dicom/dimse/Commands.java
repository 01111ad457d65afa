package org.medbroker.connectors.dicom.dimse;

import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.io.DicomInputStream;
import org.medbroker.connectors.dicom.io.DicomOutputStream;
import org.medbroker.connectors.dicom.io.DicomStreamException;

/**
 * Command sets (PS3.7 9.3 and 10.3) to and from {@link DimseMessage} records, encoded by the io layer
 * in Implicit VR Little Endian with Command Group Length (0000,0000) first.
 */
public final class Commands {

    /** Command Data Set Type: no data set (PS3.7 E.1). */
    public static final int NO_DATA_SET = 0x0101;
    /** What we send when a data set follows; any value other than 0101H means one does. */
    public static final int DATA_SET_PRESENT = 0x0000;

    private Commands() {
    }

    public static byte[] encode(DimseMessage message) {
        return DicomOutputStream.encodeCommandSet(toAttributes(message));
    }

    public static DimseMessage decode(byte[] commandSet) throws DimseException {
        try {
            return fromAttributes(DicomInputStream.decodeCommandSet(commandSet));
        } catch (DicomStreamException | RuntimeException e) {
            throw new DimseException("command set not decodable: " + e.getMessage());
        }
    }

    public static Attributes toAttributes(DimseMessage message) {
        Attributes cmd = new Attributes();
        if (message instanceof DimseMessage.Request rq) {
            cmd.setString(Tag.AffectedSOPClassUID, VR.UI, rq.affectedSopClassUid());
        } else if (message instanceof DimseMessage.Response rsp && rsp.affectedSopClassUid() != null) {
            cmd.setString(Tag.AffectedSOPClassUID, VR.UI, rsp.affectedSopClassUid());
        }
        cmd.setInt(Tag.CommandField, VR.US, message.commandField());
        if (message instanceof DimseMessage.Request rq) {
            cmd.setInt(Tag.MessageID, VR.US, rq.messageId());
        } else if (message instanceof DimseMessage.Response rsp) {
            cmd.setInt(Tag.MessageIDBeingRespondedTo, VR.US, rsp.messageIdBeingRespondedTo());
        } else {
            cmd.setInt(Tag.MessageIDBeingRespondedTo, VR.US, ((DimseMessage.CCancelRq) message).messageIdBeingRespondedTo());
        }
        if (message instanceof DimseMessage.CStoreRq store) {
            cmd.setInt(Tag.Priority, VR.US, store.priority());
        } else if (message instanceof DimseMessage.CFindRq find) {
            cmd.setInt(Tag.Priority, VR.US, find.priority());
        } else if (message instanceof DimseMessage.CGetRq get) {
            cmd.setInt(Tag.Priority, VR.US, get.priority());
        } else if (message instanceof DimseMessage.CMoveRq move) {
            cmd.setInt(Tag.Priority, VR.US, move.priority());
            cmd.setString(Tag.MoveDestination, VR.AE, move.moveDestination());
        }
        cmd.setInt(Tag.CommandDataSetType, VR.US, message.hasDataSet() ? DATA_SET_PRESENT : NO_DATA_SET);
        if (message instanceof DimseMessage.Response rsp) {
            cmd.setInt(Tag.Status, VR.US, rsp.status());
            if (rsp.errorComment() != null) {
                cmd.setString(Tag.ErrorComment, VR.LO, truncate(rsp.errorComment(), 64));
            }
        }
        if (message instanceof DimseMessage.CStoreRq store) {
            cmd.setString(Tag.AffectedSOPInstanceUID, VR.UI, store.affectedSopInstanceUid());
            if (store.moveOriginatorAeTitle() != null) {
                cmd.setString(Tag.MoveOriginatorApplicationEntityTitle, VR.AE, store.moveOriginatorAeTitle());
                cmd.setInt(Tag.MoveOriginatorMessageID, VR.US, store.moveOriginatorMessageId());
            }
        } else if (message instanceof DimseMessage.CStoreRsp store && store.affectedSopInstanceUid() != null) {
            cmd.setString(Tag.AffectedSOPInstanceUID, VR.UI, store.affectedSopInstanceUid());
        } else if (message instanceof DimseMessage.CGetRsp get && get.subOperations() != null) {
            setCounts(cmd, get.subOperations());
        } else if (message instanceof DimseMessage.CMoveRsp move && move.subOperations() != null) {
            setCounts(cmd, move.subOperations());
        }
        return cmd;
    }

    private static void setCounts(Attributes cmd, DimseMessage.SubOperations counts) {
        if (counts.remaining() >= 0) {
            cmd.setInt(Tag.NumberOfRemainingSuboperations, VR.US, counts.remaining());
        }
        cmd.setInt(Tag.NumberOfCompletedSuboperations, VR.US, counts.completed());
        cmd.setInt(Tag.NumberOfFailedSuboperations, VR.US, counts.failed());
        cmd.setInt(Tag.NumberOfWarningSuboperations, VR.US, counts.warning());
    }

    private static DimseMessage.SubOperations counts(Attributes cmd) {
        if (!cmd.contains(Tag.NumberOfCompletedSuboperations) && !cmd.contains(Tag.NumberOfRemainingSuboperations)) {
            return null;
        }
        return new DimseMessage.SubOperations(cmd.getInt(Tag.NumberOfRemainingSuboperations, -1),
                cmd.getInt(Tag.NumberOfCompletedSuboperations, 0), cmd.getInt(Tag.NumberOfFailedSuboperations, 0),
                cmd.getInt(Tag.NumberOfWarningSuboperations, 0));
    }

    public static DimseMessage fromAttributes(Attributes cmd) throws DimseException {
        int field = required(cmd, Tag.CommandField);
        boolean dataSet = cmd.getInt(Tag.CommandDataSetType, NO_DATA_SET) != NO_DATA_SET;
        String sopClass = cmd.getString(Tag.AffectedSOPClassUID);
        switch (field) {
            case DimseMessage.C_ECHO_RQ:
                return new DimseMessage.CEchoRq(required(cmd, Tag.MessageID), requiredString(cmd, Tag.AffectedSOPClassUID));
            case DimseMessage.C_ECHO_RSP:
                return new DimseMessage.CEchoRsp(required(cmd, Tag.MessageIDBeingRespondedTo), sopClass,
                        required(cmd, Tag.Status), cmd.getString(Tag.ErrorComment));
            case DimseMessage.C_STORE_RQ:
                expectDataSet(dataSet, true, "C-STORE-RQ");
                return new DimseMessage.CStoreRq(required(cmd, Tag.MessageID),
                        requiredString(cmd, Tag.AffectedSOPClassUID), requiredString(cmd, Tag.AffectedSOPInstanceUID),
                        cmd.getInt(Tag.Priority, DimseMessage.PRIORITY_MEDIUM),
                        cmd.getString(Tag.MoveOriginatorApplicationEntityTitle),
                        cmd.getInt(Tag.MoveOriginatorMessageID, 0));
            case DimseMessage.C_STORE_RSP:
                return new DimseMessage.CStoreRsp(required(cmd, Tag.MessageIDBeingRespondedTo), sopClass,
                        cmd.getString(Tag.AffectedSOPInstanceUID), required(cmd, Tag.Status),
                        cmd.getString(Tag.ErrorComment));
            case DimseMessage.C_FIND_RQ:
                expectDataSet(dataSet, true, "C-FIND-RQ");
                return new DimseMessage.CFindRq(required(cmd, Tag.MessageID),
                        requiredString(cmd, Tag.AffectedSOPClassUID), cmd.getInt(Tag.Priority, DimseMessage.PRIORITY_MEDIUM));
            case DimseMessage.C_FIND_RSP:
                return new DimseMessage.CFindRsp(required(cmd, Tag.MessageIDBeingRespondedTo), sopClass,
                        required(cmd, Tag.Status), cmd.getString(Tag.ErrorComment));
            case DimseMessage.C_GET_RQ:
                expectDataSet(dataSet, true, "C-GET-RQ");
                return new DimseMessage.CGetRq(required(cmd, Tag.MessageID),
                        requiredString(cmd, Tag.AffectedSOPClassUID), cmd.getInt(Tag.Priority, DimseMessage.PRIORITY_MEDIUM));
            case DimseMessage.C_GET_RSP:
                return new DimseMessage.CGetRsp(required(cmd, Tag.MessageIDBeingRespondedTo), sopClass,
                        required(cmd, Tag.Status), cmd.getString(Tag.ErrorComment), counts(cmd));
            case DimseMessage.C_MOVE_RQ:
                expectDataSet(dataSet, true, "C-MOVE-RQ");
                return new DimseMessage.CMoveRq(required(cmd, Tag.MessageID),
                        requiredString(cmd, Tag.AffectedSOPClassUID), cmd.getInt(Tag.Priority, DimseMessage.PRIORITY_MEDIUM),
                        requiredString(cmd, Tag.MoveDestination));
            case DimseMessage.C_MOVE_RSP:
                return new DimseMessage.CMoveRsp(required(cmd, Tag.MessageIDBeingRespondedTo), sopClass,
                        required(cmd, Tag.Status), cmd.getString(Tag.ErrorComment), counts(cmd));
            case DimseMessage.C_CANCEL_RQ:
                return new DimseMessage.CCancelRq(required(cmd, Tag.MessageIDBeingRespondedTo));
            default:
                throw new DimseException("command field " + Status.hex(field) + " not supported");
        }
    }

    private static void expectDataSet(boolean present, boolean expected, String what) throws DimseException {
        if (present != expected) {
            throw new DimseException(what + (expected ? " without" : " with") + " a data set");
        }
    }

    private static int required(Attributes cmd, int tag) throws DimseException {
        int value = cmd.getInt(tag, -1);
        if (value < 0) {
            throw new DimseException("command lacks " + Tag.toString(tag));
        }
        return value;
    }

    private static String requiredString(Attributes cmd, int tag) throws DimseException {
        String value = cmd.getString(tag);
        if (value == null) {
            throw new DimseException("command lacks " + Tag.toString(tag));
        }
        return value;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
