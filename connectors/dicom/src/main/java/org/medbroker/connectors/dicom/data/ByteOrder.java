package org.medbroker.connectors.dicom.data;

/** Little and big endian access to byte arrays, and swapping of binary values between the two. */
public final class ByteOrder {

    private ByteOrder() {
    }

    public static int intLE(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    public static long longLE(byte[] b, int off) {
        return (intLE(b, off) & 0xFFFFFFFFL) | (long) intLE(b, off + 4) << 32;
    }

    public static void putIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /**
     * Reverses each {@code unitSize}-byte unit of {@code b[off, off+len)} in place, converting binary
     * values between little and big endian; {@code unitSize} of 0 or 1 leaves the bytes as they are.
     */
    public static void swap(byte[] b, int off, int len, int unitSize) {
        if (unitSize < 2) {
            return;
        }
        int end = off + len - len % unitSize;
        for (int u = off; u < end; u += unitSize) {
            for (int i = u, j = u + unitSize - 1; i < j; i++, j--) {
                byte t = b[i];
                b[i] = b[j];
                b[j] = t;
            }
        }
    }
}
