package org.medbroker.connectors.dicom.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Presentation data value item of a P-DATA-TF (PS3.8 9.3.5.1, annex E.2).
 *
 * <pre>
 *   item length (4) | presentation context id (1) | message control header (1) | fragment
 *   message control header: bit 0 = 1 command, 0 data set; bit 1 = 1 last fragment
 * </pre>
 *
 * The fragment is reference counted; who holds the enclosing {@link PDataTf} owns it.
 */
public record Pdv(int presentationContextId, boolean command, boolean last, ByteBuf data) {

    /** Item length field, context id and message control header. */
    public static final int OVERHEAD = 6;

    public int messageControlHeader() {
        return (command ? 1 : 0) | (last ? 2 : 0);
    }
}
