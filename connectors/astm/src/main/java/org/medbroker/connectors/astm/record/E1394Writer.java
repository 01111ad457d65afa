package org.medbroker.connectors.astm.record;

import java.nio.charset.Charset;
import java.util.List;

/**
 * Writes records as E1394 text (LIS2-A2 clause 7.1): fields joined by the field delimiter, delimiters
 * inside values escaped, each record ended by CR, ready for {@code E1381FrameEncoder#split}. For H, field
 * 2 is written as the delimiter definition. Stateless.
 */
public final class E1394Writer {

    private E1394Writer() {
    }

    /** One record, CR included. */
    public static String write(RawRecord record, Delimiters d) {
        StringBuilder sb = new StringBuilder();
        List<Field> fields = record.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(d.field());
            }
            if (record.type() == 'H' && i == 1) {
                sb.append(d.definition());
            } else if (i == 0) {
                sb.append(record.type());
            } else {
                sb.append(fields.get(i).encode(d));
            }
        }
        return sb.append('\r').toString();
    }

    public static byte[] write(List<RawRecord> records, Delimiters d, Charset charset) {
        StringBuilder sb = new StringBuilder();
        for (RawRecord r : records) {
            sb.append(write(r, d));
        }
        return sb.toString().getBytes(charset);
    }
}
