package org.medbroker.connectors.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;

class CommandSetTest {

    @Test
    void encodesCEchoRqWithItsCommandGroupLength() throws DicomStreamException {
        Attributes rq = new Attributes();
        rq.setString(Tag.AffectedSOPClassUID, VR.UI, UID.Verification);
        rq.setInt(Tag.CommandField, VR.US, 0x0030);
        rq.setInt(Tag.MessageID, VR.US, 1);
        rq.setInt(Tag.CommandDataSetType, VR.US, 0x0101);

        byte[] encoded = DicomOutputStream.encodeCommandSet(rq);

        assertThat(encoded).containsExactly(DicomStreamRoundTripTest.bytes(
                0, 0, 0, 0, 4, 0, 0, 0, 56, 0, 0, 0,
                0, 0, 2, 0, 18, 0, 0, 0, '1', '.', '2', '.', '8', '4', '0', '.', '1', '0', '0', '0', '8', '.', '1',
                '.', '1', 0,
                0, 0, 0, 1, 2, 0, 0, 0, 0x30, 0,
                0, 0, 0x10, 1, 2, 0, 0, 0, 1, 0,
                0, 0, 0, 8, 2, 0, 0, 0, 1, 1));
        Attributes decoded = DicomInputStream.decodeCommandSet(encoded);
        assertThat(decoded).isEqualTo(rq);
        assertThat(decoded.getString(Tag.AffectedSOPClassUID)).isEqualTo(UID.Verification);
        assertThat(decoded.getInt(Tag.CommandField, -1)).isEqualTo(0x30);
    }

    @Test
    void replacesAStaleGroupLengthInTheInput() {
        Attributes rq = new Attributes();
        rq.setInt(Tag.CommandGroupLength, VR.UL, 9999);
        rq.setInt(Tag.CommandField, VR.US, 0x8030);
        byte[] encoded = DicomOutputStream.encodeCommandSet(rq);
        assertThat(encoded).containsExactly(DicomStreamRoundTripTest.bytes(
                0, 0, 0, 0, 4, 0, 0, 0, 10, 0, 0, 0,
                0, 0, 0, 1, 2, 0, 0, 0, 0x30, 0x80));
    }
}
