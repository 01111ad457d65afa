package org.medbroker.connectors.dicom.pdu;

import java.util.List;

/**
 * P-DATA-TF (PS3.8 9.3.5): one or more PDV items.
 *
 * <p>Buffers: the holder of a P-DATA-TF owns the fragments of its PDVs and calls {@link #release()}
 * once (or hands the PDU on, which hands the ownership on). {@link PduDecoder} emits retained slices
 * the next inbound handler must release; {@link PduEncoder} takes the ownership of what it is given.
 */
public record PDataTf(List<Pdv> pdvs) implements Pdu {

    public PDataTf {
        pdvs = List.copyOf(pdvs);
    }

    public static PDataTf of(Pdv pdv) {
        return new PDataTf(List.of(pdv));
    }

    /** Length of the variable field: every PDV with its six-byte overhead. */
    public long length() {
        long n = 0;
        for (Pdv pdv : pdvs) {
            n += Pdv.OVERHEAD + pdv.data().readableBytes();
        }
        return n;
    }

    public void release() {
        for (Pdv pdv : pdvs) {
            pdv.data().release();
        }
    }
}
