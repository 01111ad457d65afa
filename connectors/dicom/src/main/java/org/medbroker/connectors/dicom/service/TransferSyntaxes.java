package org.medbroker.connectors.dicom.service;

import java.util.ArrayList;
import java.util.List;
import org.medbroker.connectors.dicom.io.TransferSyntax;

/** The transfer syntax lists the services accept, from the io layer's list. */
final class TransferSyntaxes {

    private TransferSyntaxes() {
    }

    /** Every transfer syntax the io layer knows, native ones first. */
    static List<String> all() {
        List<String> uids = new ArrayList<>();
        for (TransferSyntax ts : TransferSyntax.values()) {
            uids.add(ts.uid());
        }
        return List.copyOf(uids);
    }

    /** Those the io layer can read element by element (no encapsulated pixel data needed). */
    static List<String> uncompressed() {
        List<String> uids = new ArrayList<>();
        for (TransferSyntax ts : TransferSyntax.values()) {
            if (!ts.isEncapsulated()) {
                uids.add(ts.uid());
            }
        }
        return List.copyOf(uids);
    }
}
