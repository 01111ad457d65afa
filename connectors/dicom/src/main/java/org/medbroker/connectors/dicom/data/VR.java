package org.medbroker.connectors.dicom.data;

/**
 * Value Representations of PS3.5 6.2 with what encoding needs: the explicit VR header form (PS3.5
 * 7.1.2: a 2-byte length, or 2 reserved bytes and a 4-byte length), the padding byte to even length,
 * the size of one binary value for byte swapping, and how string values are split and decoded.
 */
public enum VR {
    AE(Kind.STRING, false, ' ', 0),
    AS(Kind.STRING, false, ' ', 0),
    AT(Kind.BINARY, false, 0, 2),
    CS(Kind.STRING, false, ' ', 0),
    DA(Kind.STRING, false, ' ', 0),
    DS(Kind.STRING, false, ' ', 0),
    DT(Kind.STRING, false, ' ', 0),
    FD(Kind.BINARY, false, 0, 8),
    FL(Kind.BINARY, false, 0, 4),
    IS(Kind.STRING, false, ' ', 0),
    LO(Kind.SPECIFIC_STRING, false, ' ', 0),
    LT(Kind.SPECIFIC_TEXT, false, ' ', 0),
    OB(Kind.BINARY, true, 0, 1),
    OD(Kind.BINARY, true, 0, 8),
    OF(Kind.BINARY, true, 0, 4),
    OL(Kind.BINARY, true, 0, 4),
    OV(Kind.BINARY, true, 0, 8),
    OW(Kind.BINARY, true, 0, 2),
    PN(Kind.SPECIFIC_STRING, false, ' ', 0),
    SH(Kind.SPECIFIC_STRING, false, ' ', 0),
    SL(Kind.BINARY, false, 0, 4),
    SQ(Kind.SEQUENCE, true, 0, 0),
    SS(Kind.BINARY, false, 0, 2),
    ST(Kind.SPECIFIC_TEXT, false, ' ', 0),
    SV(Kind.BINARY, true, 0, 8),
    TM(Kind.STRING, false, ' ', 0),
    UC(Kind.SPECIFIC_STRING, true, ' ', 0),
    UI(Kind.STRING, false, 0, 0),
    UL(Kind.BINARY, false, 0, 4),
    UN(Kind.BINARY, true, 0, 1),
    UR(Kind.TEXT, true, ' ', 0),
    US(Kind.BINARY, false, 0, 2),
    UT(Kind.SPECIFIC_TEXT, true, ' ', 0),
    UV(Kind.BINARY, true, 0, 8);

    private enum Kind { STRING, SPECIFIC_STRING, TEXT, SPECIFIC_TEXT, BINARY, SEQUENCE }

    private static final VR[] BY_CODE = new VR[1 << 10];

    static {
        for (VR vr : values()) {
            BY_CODE[index(vr.code)] = vr;
        }
    }

    private final Kind kind;
    private final boolean longLength;
    private final byte padding;
    private final int unitSize;
    private final int code;

    VR(Kind kind, boolean longLength, int padding, int unitSize) {
        this.kind = kind;
        this.longLength = longLength;
        this.padding = (byte) padding;
        this.unitSize = unitSize;
        this.code = (name().charAt(0) << 8) | name().charAt(1);
    }

    /** The two ASCII characters as they appear in an explicit VR header, first character high. */
    public int code() {
        return code;
    }

    /**
     * The VR for the two header bytes, or {@code null} if they name no VR (the reader then falls back
     * to the dictionary, as PS3.5 6.2 asks for unknown VRs).
     */
    public static VR ofCode(int code) {
        int c0 = code >>> 8;
        int c1 = code & 0xFF;
        if (c0 < 'A' || c0 > 'Z' || c1 < 'A' || c1 > 'Z') {
            return null;
        }
        VR vr = BY_CODE[index(code)];
        return vr != null && vr.code == code ? vr : null;
    }

    private static int index(int code) {
        return (((code >>> 8) - 'A') << 5) | ((code & 0xFF) - 'A');
    }

    /** Explicit VR header with 2 reserved bytes and a 32-bit length (12 bytes) instead of 16-bit (8 bytes). */
    public boolean hasLongLength() {
        return longLength;
    }

    /** Explicit VR header size in bytes. */
    public int explicitHeaderLength() {
        return longLength ? 12 : 8;
    }

    /** Byte appended to an odd-length value: space for text, NUL for UI and binary VRs. */
    public byte paddingByte() {
        return padding;
    }

    /** Bytes in one binary value, the unit swapped between little and big endian; 0 for strings and SQ. */
    public int unitSize() {
        return unitSize;
    }

    public boolean isString() {
        return kind != Kind.BINARY && kind != Kind.SEQUENCE;
    }

    /** LO, LT, PN, SH, ST, UC, UT: decoded with the data set's Specific Character Set (PS3.5 6.1.2.3). */
    public boolean usesSpecificCharacterSet() {
        return kind == Kind.SPECIFIC_STRING || kind == Kind.SPECIFIC_TEXT;
    }

    /** Whether a backslash separates multiple values; LT, ST, UT and UR hold one value only. */
    public boolean isMultiValuedString() {
        return kind == Kind.STRING || kind == Kind.SPECIFIC_STRING;
    }

    public boolean isBinary() {
        return kind == Kind.BINARY;
    }

    public boolean isSequence() {
        return kind == Kind.SEQUENCE;
    }
}
