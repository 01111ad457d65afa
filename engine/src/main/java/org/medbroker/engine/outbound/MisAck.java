package org.medbroker.engine.outbound;

import java.nio.charset.Charset;

/** The receiver's acknowledgement: MSA-1 code, MSA-2 control id, and the error text (MSA-3, ERR-8 or ERR-3.2). */
record MisAck(String code, String controlId, String text) {

    boolean accepted() {
        return "AA".equals(code) || "CA".equals(code);
    }

    static MisAck parse(byte[] reply, Charset charset) {
        String text = new String(reply, charset);
        char separator = text.length() > 3 && text.startsWith("MSH") ? text.charAt(3) : '|';
        String code = "";
        String controlId = "";
        String msaText = "";
        String errText = "";
        for (String segment : text.split("[\r\n]+")) {
            String[] fields = segment.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
            if (segment.startsWith("MSA")) {
                code = get(fields, 1);
                controlId = get(fields, 2);
                msaText = get(fields, 3);
            } else if (segment.startsWith("ERR") && errText.isEmpty()) {
                errText = !get(fields, 8).isEmpty() ? get(fields, 8) : component(get(fields, 3), 1);
                if (errText.isEmpty()) {
                    errText = get(fields, 1);
                }
            }
        }
        String detail = !msaText.isEmpty() ? msaText : errText;
        return new MisAck(code, controlId, detail.length() > 1000 ? detail.substring(0, 1000) : detail);
    }

    private static String get(String[] fields, int index) {
        return index < fields.length ? fields[index] : "";
    }

    private static String component(String field, int index) {
        String[] parts = field.split("\\^", -1);
        return index < parts.length ? parts[index] : "";
    }
}
