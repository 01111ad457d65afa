package org.medbroker.connectors.dicom.dimse;

/** The response message type that answers each request type. */
public final class Responses {

    private Responses() {
    }

    /** A final response with {@code status} (and an error comment, or null) for any request. */
    public static DimseMessage.Response failure(DimseMessage.Request rq, int status, String errorComment) {
        return of(rq, status, errorComment);
    }

    public static DimseMessage.Response of(DimseMessage.Request rq, int status, String errorComment) {
        if (rq instanceof DimseMessage.CEchoRq echo) {
            return new DimseMessage.CEchoRsp(echo.messageId(), echo.affectedSopClassUid(), status, errorComment);
        }
        if (rq instanceof DimseMessage.CStoreRq store) {
            return new DimseMessage.CStoreRsp(store.messageId(), store.affectedSopClassUid(),
                    store.affectedSopInstanceUid(), status, errorComment);
        }
        if (rq instanceof DimseMessage.CGetRq get) {
            return new DimseMessage.CGetRsp(get.messageId(), get.affectedSopClassUid(), status, errorComment, null);
        }
        if (rq instanceof DimseMessage.CMoveRq move) {
            return new DimseMessage.CMoveRsp(move.messageId(), move.affectedSopClassUid(), status, errorComment, null);
        }
        DimseMessage.CFindRq find = (DimseMessage.CFindRq) rq;
        return new DimseMessage.CFindRsp(find.messageId(), find.affectedSopClassUid(), status, errorComment);
    }
}
