package org.medbroker.engine.outbound;

import java.nio.charset.Charset;

/**
 * The message as received, with our MSH-3/MSH-4 (sending application and facility), the receiver's
 * MSH-5/MSH-6 when configured and the stable outbound MSH-10. Everything else goes through unchanged,
 * in the message's own character set (MSH-18 still says which).
 */
final class PassThroughMessage {

    private PassThroughMessage() {}

    static byte[] rewrite(byte[] raw, Charset charset, String controlId, String sendingApplication, String sendingFacility,
            String receivingApplication, String receivingFacility) {
        String text = new String(raw, charset);
        int end = text.indexOf('\r');
        String msh = end < 0 ? text : text.substring(0, end);
        String rest = end < 0 ? "" : text.substring(end);
        if (!msh.startsWith("MSH") || msh.length() < 4) {
            throw new IllegalArgumentException("MB-0710: stored message does not start with MSH");
        }
        char separator = msh.charAt(3);
        String[] fields = msh.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
        // fields[0] is "MSH", fields[1] is MSH-2; MSH-n is fields[n - 1].
        String[] out = fields.length >= 10 ? fields : java.util.Arrays.copyOf(fields, 10);
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = "";
            }
        }
        out[2] = sendingApplication;
        out[3] = sendingFacility;
        if (!receivingApplication.isEmpty()) {
            out[4] = receivingApplication;
        }
        if (!receivingFacility.isEmpty()) {
            out[5] = receivingFacility;
        }
        out[9] = controlId;
        return (String.join(String.valueOf(separator), out) + rest).getBytes(charset);
    }
}
