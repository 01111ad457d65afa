package org.medbroker.connectors.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class TagAndVRTest {

    @Test
    void splitsAndFormatsTags() {
        assertThat(Tag.of(0x7FE0, 0x0010)).isEqualTo(Tag.PixelData);
        assertThat(Tag.group(Tag.PixelData)).isEqualTo(0x7FE0);
        assertThat(Tag.element(Tag.PixelData)).isEqualTo(0x0010);
        assertThat(Tag.toString(Tag.SequenceDelimitationItem)).isEqualTo("(FFFE,E0DD)");
        assertThat(Tag.isPrivate(0x00091010)).isTrue();
        assertThat(Tag.isPrivateCreator(0x00090010)).isTrue();
        assertThat(Tag.isPrivate(0x00070010)).isFalse();
        assertThat(Tag.isGroupLength(0x00080000)).isTrue();
        assertThat(Tag.compare(Tag.Item, Tag.PatientName)).isPositive();
    }

    @Test
    void everyVrRoundTripsThroughItsTwoHeaderBytes() {
        for (VR vr : VR.values()) {
            assertThat(VR.ofCode(vr.code())).isSameAs(vr);
        }
        assertThat(VR.ofCode(('Z' << 8) | 'Z')).isNull();
        assertThat(VR.ofCode(0)).isNull();
    }

    @Test
    void longLengthVrsAreThoseOfPs35Table7_1_2() {
        EnumSet<VR> longOnes = EnumSet.noneOf(VR.class);
        for (VR vr : VR.values()) {
            if (vr.hasLongLength()) {
                longOnes.add(vr);
            }
        }
        assertThat(longOnes).containsExactlyInAnyOrder(VR.OB, VR.OD, VR.OF, VR.OL, VR.OV, VR.OW, VR.SQ, VR.SV,
                VR.UC, VR.UN, VR.UR, VR.UT, VR.UV);
        assertThat(VR.UI.paddingByte()).isZero();
        assertThat(VR.PN.paddingByte()).isEqualTo((byte) ' ');
        assertThat(VR.OB.paddingByte()).isZero();
    }

    @Test
    void storageSopClassLookupKnowsAnnexB() {
        assertThat(UID.isStorageSopClass(UID.CTImageStorage)).isTrue();
        assertThat(UID.isStorageSopClass(UID.EnhancedCTImageStorage)).isTrue();
        assertThat(UID.isStorageSopClass("1.2.840.10008.5.1.4.1.1.13.1.2")).isTrue();
        assertThat(UID.isStorageSopClass(UID.DigitalIntraOralXRayImageStorageForPresentation)).isTrue();
        assertThat(UID.isStorageSopClass(UID.DigitalXRayImageStorageForProcessing)).isTrue();
        assertThat(UID.isStorageSopClass(UID.DigitalMammographyXRayImageStorageForPresentation)).isTrue();
        assertThat(UID.isStorageSopClass(UID.MultiFrameTrueColorSecondaryCaptureImageStorage)).isTrue();
        assertThat(UID.isStorageSopClass(UID.EncapsulatedPDFStorage)).isTrue();
        assertThat(UID.isStorageSopClass(UID.Verification)).isFalse();
        assertThat(UID.isStorageSopClass(UID.StudyRootQueryRetrieveInformationModelFind)).isFalse();
        assertThat(UID.storageSopClasses()).hasSizeGreaterThan(150);
    }
}
