package org.medbroker.connectors.dicom.service;

import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.SpecificCharacterSet;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.VR;

/**
 * The character set of a C-FIND response: the query's when it can hold every text value of the
 * response, else the response's own (UTF-8, ISO_IR 192, when the provider builds it so). A value is
 * never sent with characters dropped or replaced.
 */
public final class QueryCharsets {

    private QueryCharsets() {
    }

    public static Attributes inQueryCharset(Attributes query, Attributes response) {
        String[] terms = query.getStrings(Tag.SpecificCharacterSet);
        if (terms == null) {
            terms = new String[0];
        }
        SpecificCharacterSet target = SpecificCharacterSet.valueOf(terms);
        if (target.equals(response.specificCharacterSet())) {
            return response;
        }
        Attributes out = new Attributes(response.size());
        if (terms.length > 0) {
            out.setString(Tag.SpecificCharacterSet, VR.CS, terms);
        }
        for (int i = 0; i < response.size(); i++) {
            int tag = response.tagAt(i);
            VR vr = response.vrAt(i);
            Object value = response.valueAt(i);
            if (tag == Tag.SpecificCharacterSet) {
                continue;
            }
            if (!(value instanceof byte[])) {
                if (value != null) {
                    return response;
                }
                out.setNull(tag, vr);
            } else if (vr.usesSpecificCharacterSet() && ((byte[]) value).length > 0) {
                String text = String.join("\\", response.getStrings(tag));
                byte[] encoded = target.encode(text, vr == VR.PN);
                if (!target.decode(encoded, 0, encoded.length, vr == VR.PN).equals(text)) {
                    return response;
                }
                out.setString(tag, vr, response.getStrings(tag));
            } else {
                out.setValue(tag, vr, value);
            }
        }
        return out;
    }
}
