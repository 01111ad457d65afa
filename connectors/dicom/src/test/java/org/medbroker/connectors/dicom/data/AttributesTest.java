package org.medbroker.connectors.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AttributesTest {

    @Test
    void keepsElementsInUnsignedTagOrderWhateverTheInsertionOrder() {
        Attributes a = new Attributes();
        a.setString(Tag.PatientID, VR.LO, "P1");
        a.setBytes(Tag.PixelData, VR.OW, new byte[] {1, 2});
        a.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        a.setBytes(Tag.DataSetTrailingPadding, VR.OB, new byte[0]);
        a.setInt(Tag.Rows, VR.US, 512);
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");

        assertThat(new int[] {a.tagAt(0), a.tagAt(1), a.tagAt(2), a.tagAt(3), a.tagAt(4), a.tagAt(5)})
                .containsExactly(Tag.SpecificCharacterSet, Tag.SOPInstanceUID, Tag.PatientID, Tag.Rows, Tag.PixelData,
                        Tag.DataSetTrailingPadding);
        a.setString(Tag.PatientID, VR.LO, "P2");
        assertThat(a.size()).isEqualTo(6);
        assertThat(a.remove(Tag.Rows)).isTrue();
        assertThat(a.contains(Tag.Rows)).isFalse();
        assertThat(a.getString(Tag.PatientID)).isEqualTo("P2");
    }

    @Test
    void padsOddStringsWithTheVrsPaddingByteAndStripsItOnRead() {
        Attributes a = new Attributes();
        a.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        a.setString(Tag.PatientID, VR.LO, "ABC");
        assertThat(a.getBytes(Tag.SOPInstanceUID)).containsExactly('1', '.', '2', '.', '3', 0);
        assertThat(a.getBytes(Tag.PatientID)).containsExactly('A', 'B', 'C', ' ');
        assertThat(a.getString(Tag.SOPInstanceUID)).isEqualTo("1.2.3");
        assertThat(a.getString(Tag.PatientID)).isEqualTo("ABC");
    }

    @Test
    void splitsMultiValuedStringsButNotTexts() {
        Attributes a = new Attributes();
        a.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        a.setString(Tag.PatientComments, VR.LT, "a\\b ");
        assertThat(a.getStrings(Tag.ImageType)).containsExactly("ORIGINAL", "PRIMARY", "AXIAL");
        assertThat(a.getString(Tag.ImageType, 2, null)).isEqualTo("AXIAL");
        assertThat(a.getStrings(Tag.PatientComments)).containsExactly("a\\b");
        assertThat(a.getStrings(Tag.PatientName)).isEmpty();
    }

    @Test
    void convertsIntegersOfEveryIntegerVr() {
        Attributes a = new Attributes();
        a.setInt(Tag.Rows, VR.US, 65535);
        a.setInt(Tag.MessageID, VR.US, 7);
        a.setInt(0x00181310, VR.SS, -2, 3);
        a.setInt(Tag.CommandGroupLength, VR.UL, 0x12345678);
        a.setInt(Tag.OffendingElement, VR.AT, Tag.PatientName, Tag.PixelData);
        a.setInt(Tag.InstanceNumber, VR.IS, -12, 40);

        assertThat(a.getInt(Tag.Rows, 0)).isEqualTo(65535);
        assertThat(a.getInts(0x00181310)).containsExactly(-2, 3);
        assertThat(a.getInt(Tag.CommandGroupLength, 0)).isEqualTo(0x12345678);
        assertThat(a.getBytes(Tag.OffendingElement)).containsExactly(0x10, 0, 0x10, 0, 0xE0, 0x7F, 0x10, 0);
        assertThat(a.getInts(Tag.OffendingElement)).containsExactly(Tag.PatientName, Tag.PixelData);
        assertThat(a.getInts(Tag.InstanceNumber)).containsExactly(-12, 40);
        assertThat(a.getInt(Tag.NumberOfFrames, -1)).isEqualTo(-1);
    }

    @Test
    void personNamesKeepGroupsAndComponents() {
        Attributes a = new Attributes();
        a.setPersonName(Tag.PatientName, new PersonName(
                new PersonName.Group("Yamada", "Tarou", "", "Dr.", ""),
                PersonName.Group.of("YAMADA", "TAROU"),
                PersonName.Group.EMPTY));
        assertThat(a.getString(Tag.PatientName)).isEqualTo("Yamada^Tarou^^Dr.=YAMADA^TAROU");
        PersonName pn = a.getPersonName(Tag.PatientName);
        assertThat(pn.alphabetic().namePrefix()).isEqualTo("Dr.");
        assertThat(pn.ideographic().familyName()).isEqualTo("YAMADA");
        assertThat(pn.phonetic().isEmpty()).isTrue();
        assertThat(PersonName.parse("Smith^John^^^").toString()).isEqualTo("Smith^John");
        assertThat(PersonName.parse("^^^^").isEmpty()).isTrue();
    }

    @Test
    void itemsInheritTheSpecificCharacterSetOfTheirParent() {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        Attributes item = a.newSequence(Tag.OtherPatientIDsSequence).addItem();
        item.setString(Tag.PatientID, VR.LO, "Ærø");
        assertThat(item.getBytes(Tag.PatientID)).isEqualTo("Ærø ".getBytes(StandardCharsets.UTF_8));
        assertThat(item.getString(Tag.PatientID)).isEqualTo("Ærø");
        assertThat(item.parent()).isSameAs(a);

        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        assertThat(item.specificCharacterSet()).isEqualTo(SpecificCharacterSet.valueOf("ISO_IR 100"));
    }

    @Test
    void equalityIsDeepAndToStringCarriesNoValues() {
        Attributes a = new Attributes();
        a.setString(Tag.PatientName, VR.PN, "Secret^Name");
        a.newSequence(Tag.OtherPatientIDsSequence).addItem().setString(Tag.PatientID, VR.LO, "X");
        Attributes b = new Attributes().addAll(a);
        assertThat(b).isEqualTo(a);
        b.getSequence(Tag.OtherPatientIDsSequence).get(0).setString(Tag.PatientID, VR.LO, "Y");
        assertThat(b).isNotEqualTo(a);
        assertThat(a.toString()).doesNotContain("Secret").contains("(0010,0010) PN");
    }
}
