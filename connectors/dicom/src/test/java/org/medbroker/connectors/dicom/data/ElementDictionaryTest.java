package org.medbroker.connectors.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ElementDictionaryTest {

    private final ElementDictionary dict = ElementDictionary.standard();

    @Test
    void knowsTheRegistry() {
        assertThat(dict.size()).isGreaterThan(4500);
        assertThat(dict.vr(Tag.PatientName)).isEqualTo(VR.PN);
        assertThat(dict.vr(Tag.StudyInstanceUID)).isEqualTo(VR.UI);
        assertThat(dict.vr(Tag.ScheduledProcedureStepSequence)).isEqualTo(VR.SQ);
        assertThat(dict.vr(Tag.MessageID)).isEqualTo(VR.US);
        assertThat(dict.keywordOf(Tag.MediaStorageSOPInstanceUID)).isEqualTo("MediaStorageSOPInstanceUID");
        assertThat(dict.tagOf("PatientBirthDate")).isEqualTo(Tag.PatientBirthDate);
        assertThat(dict.entry(Tag.ImageType).vm()).isEqualTo("2-n");
    }

    @Test
    void resolvesMultiVrEntriesToTheImplicitVrChoice() {
        assertThat(dict.vr(Tag.PixelData)).isEqualTo(VR.OW);
        assertThat(dict.vr(0x00280106)).isEqualTo(VR.US); // SmallestImagePixelValue, US or SS
        assertThat(dict.vr(0x00041200)).isEqualTo(VR.UL);
    }

    @Test
    void matchesRepeatingGroups() {
        assertThat(dict.vr(0x60003000)).isEqualTo(VR.OW); // OverlayData (60xx,3000)
        assertThat(dict.vr(0x60020010)).isEqualTo(VR.US); // OverlayRows in the second overlay
        assertThat(dict.keywordOf(0x601E0040)).isEqualTo("OverlayType");
        assertThat(dict.keywordOf(0x50020005)).isEqualTo("CurveDimensions");
    }

    @Test
    void appliesTheRulesForGroupLengthsPrivateAndUnknownElements() {
        assertThat(dict.vr(0x00080000)).isEqualTo(VR.UL);
        assertThat(dict.vr(0x00290010)).isEqualTo(VR.LO);
        assertThat(dict.vr(0x00291010)).isEqualTo(VR.UN);
        assertThat(dict.vr(0x60011000)).isEqualTo(VR.UN);
        assertThat(dict.vr(0x0008FFF0)).isEqualTo(VR.UN);
        assertThat(dict.entry(0x00291010)).isNull();
    }
}
