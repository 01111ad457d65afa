package org.medbroker.connectors.dicom.io;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.medbroker.connectors.dicom.data.UID;

/**
 * Transfer syntaxes of PS3.5 Annex A and how each encodes a data set: implicit or explicit VR, byte
 * order, deflate (A.5), and whether Pixel Data is encapsulated (A.4). Every encapsulated syntax
 * encodes the rest of the data set as Explicit VR Little Endian.
 */
public enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN(UID.ImplicitVRLittleEndian, false, false, false, false),
    EXPLICIT_VR_LITTLE_ENDIAN(UID.ExplicitVRLittleEndian, true, false, false, false),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN(UID.DeflatedExplicitVRLittleEndian, true, false, true, false),
    EXPLICIT_VR_BIG_ENDIAN(UID.ExplicitVRBigEndian, true, true, false, false),
    ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN(UID.EncapsulatedUncompressedExplicitVRLittleEndian,
            true, false, false, true),
    JPEG_BASELINE_8BIT(UID.JPEGBaseline8Bit, true, false, false, true),
    JPEG_EXTENDED_12BIT(UID.JPEGExtended12Bit, true, false, false, true),
    JPEG_LOSSLESS(UID.JPEGLossless, true, false, false, true),
    JPEG_LOSSLESS_SV1(UID.JPEGLosslessSV1, true, false, false, true),
    JPEG_LS_LOSSLESS(UID.JPEGLSLossless, true, false, false, true),
    JPEG_LS_NEAR_LOSSLESS(UID.JPEGLSNearLossless, true, false, false, true),
    JPEG_2000_LOSSLESS(UID.JPEG2000Lossless, true, false, false, true),
    JPEG_2000(UID.JPEG2000, true, false, false, true),
    JPEG_2000_MC_LOSSLESS(UID.JPEG2000MCLossless, true, false, false, true),
    JPEG_2000_MC(UID.JPEG2000MC, true, false, false, true),
    HTJ2K_LOSSLESS(UID.HTJ2KLossless, true, false, false, true),
    HTJ2K_LOSSLESS_RPCL(UID.HTJ2KLosslessRPCL, true, false, false, true),
    HTJ2K(UID.HTJ2K, true, false, false, true),
    MPEG2_MPML(UID.MPEG2MPML, true, false, false, true),
    MPEG4_HP41(UID.MPEG4HP41, true, false, false, true),
    RLE_LOSSLESS(UID.RLELossless, true, false, false, true);

    private static final Map<String, TransferSyntax> BY_UID = new HashMap<>();

    static {
        for (TransferSyntax ts : values()) {
            BY_UID.put(ts.uid, ts);
        }
    }

    private final String uid;
    private final boolean explicitVR;
    private final boolean bigEndian;
    private final boolean deflated;
    private final boolean encapsulated;

    TransferSyntax(String uid, boolean explicitVR, boolean bigEndian, boolean deflated, boolean encapsulated) {
        this.uid = uid;
        this.explicitVR = explicitVR;
        this.bigEndian = bigEndian;
        this.deflated = deflated;
        this.encapsulated = encapsulated;
    }

    /** The transfer syntax with this UID (trailing NUL or space padding ignored), if known here. */
    public static Optional<TransferSyntax> forUid(String uid) {
        if (uid == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_UID.get(uid.strip().replace("\0", "")));
    }

    public String uid() {
        return uid;
    }

    public boolean isExplicitVR() {
        return explicitVR;
    }

    public boolean isBigEndian() {
        return bigEndian;
    }

    /** The data set after the File Meta Information or in P-DATA is a raw deflate stream (RFC 1951). */
    public boolean isDeflated() {
        return deflated;
    }

    /** Pixel Data is a sequence of fragments with undefined length (PS3.5 A.4). */
    public boolean isEncapsulated() {
        return encapsulated;
    }
}
