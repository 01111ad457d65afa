package org.medbroker.connectors.dicom.io;

import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Fragments;
import org.medbroker.connectors.dicom.data.PersonName;
import org.medbroker.connectors.dicom.data.Sequence;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;

/** Data sets that exercise every encoding rule: nesting, padding, multiple values, binary VRs. */
final class TestDatasets {

    private TestDatasets() {
    }

    /** A CT-like header with sequences three deep and values of odd length, without pixel data. */
    static Attributes header() {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        a.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        a.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        a.setString(Tag.SOPInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1143.1.1");
        a.setString(Tag.StudyDate, VR.DA, "20260102");
        a.setString(Tag.AccessionNumber, VR.SH, "A123");
        a.setString(Tag.Modality, VR.CS, "CT");
        a.setString(Tag.ReferringPhysicianName, VR.PN, "");
        a.setPersonName(Tag.PatientName, PersonName.of("Müller", "Jörg"), PersonName.of("Mueller", "Joerg"));
        a.setString(Tag.PatientID, VR.LO, "PID-0007");
        a.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        a.setString(Tag.PatientSex, VR.CS, "M");
        a.setString(Tag.PatientWeight, VR.DS, "72.5");
        a.setString(Tag.PatientComments, VR.LT, "first line\r\nsecond\\line");
        a.setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1143.1");
        a.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1143.1.2");
        a.setInt(Tag.SeriesNumber, VR.IS, 3);
        a.setInt(Tag.InstanceNumber, VR.IS, 17);
        a.setInt(Tag.SamplesPerPixel, VR.US, 1);
        a.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        a.setInt(Tag.Rows, VR.US, 4);
        a.setInt(Tag.Columns, VR.US, 4);
        a.setInt(Tag.BitsAllocated, VR.US, 16);
        a.setInt(Tag.BitsStored, VR.US, 12);
        a.setInt(Tag.HighBit, VR.US, 11);
        a.setInt(Tag.PixelRepresentation, VR.US, 1);
        a.setString(0x00281052, VR.DS, "-1024"); // RescaleIntercept
        a.setInt(0x00280106, VR.SS, -5); // SmallestImagePixelValue
        a.setInt(0x00181310, VR.US, 0, 512, 512, 0); // AcquisitionMatrix
        a.setBytes(0x00189306, VR.FD, doubles(1.5, -2.25)); // SingleCollimationWidth
        a.setBytes(0x00189313, VR.FD, doubles(0.5, 1, 2)); // DataCollectionCenterPatient
        a.setBytes(0x00189327, VR.FD, doubles(123.456)); // TablePosition
        a.setInt(0x00209165, VR.AT, Tag.PatientName, Tag.PixelData); // DimensionIndexPointer
        a.setBytes(0x00291010, VR.OB, new byte[] {1, 2, 3}); // private, odd length
        a.setString(0x00290010, VR.LO, "MEDBROKER TEST");
        Sequence level1 = a.newSequence(Tag.ReferencedStudySequence);
        Attributes item1 = level1.addItem();
        item1.setString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage);
        item1.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.4.5");
        Sequence level2 = item1.newSequence(Tag.OtherPatientIDsSequence);
        Attributes item2 = level2.addItem();
        item2.setString(Tag.PatientID, VR.LO, "OTHER-1");
        item2.setString(Tag.IssuerOfPatientID, VR.LO, "HOSP");
        Attributes item3 = item2.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
        item3.setString(Tag.ScheduledStationAETitle, VR.AE, "CT01");
        item3.setString(Tag.ScheduledProcedureStepDescription, VR.LO, "odd");
        item3.setNull(Tag.ScheduledPerformingPhysicianName, VR.PN);
        item2.newSequence(0x00400275); // empty RequestAttributesSequence
        level2.addItem(); // empty item
        level1.addItem().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.4.6");
        return a;
    }

    /** {@link #header()} with 16-bit native pixel data. */
    static Attributes withNativePixelData() {
        Attributes a = header();
        byte[] pixels = new byte[4 * 4 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        a.setBytes(Tag.PixelData, VR.OW, pixels);
        return a;
    }

    /** {@link #header()} with two frames of encapsulated pixel data and a basic offset table. */
    static Attributes withEncapsulatedPixelData() {
        Attributes a = header();
        a.setInt(Tag.NumberOfFrames, VR.IS, 2);
        Fragments f = a.newFragments(Tag.PixelData, VR.OB);
        f.add(new byte[] {0, 0, 0, 0, 12, 0, 0, 0});
        f.add(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2});
        f.add(new byte[] {(byte) 0xFF, (byte) 0xD8, 3, 4, 5, 6});
        f.add(new byte[] {7, 8, (byte) 0xFF, (byte) 0xD9});
        return a;
    }

    static byte[] floats(float... values) {
        byte[] b = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            int v = Float.floatToIntBits(values[i]);
            for (int k = 0; k < 4; k++) {
                b[4 * i + k] = (byte) (v >>> (8 * k));
            }
        }
        return b;
    }

    static byte[] doubles(double... values) {
        byte[] b = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            long v = Double.doubleToLongBits(values[i]);
            for (int k = 0; k < 8; k++) {
                b[8 * i + k] = (byte) (v >>> (8 * k));
            }
        }
        return b;
    }

    /** What an Implicit VR reader sees: each byte value with the VR the dictionary gives its tag. */
    static Attributes asReadInImplicitVR(Attributes a) {
        Attributes out = new Attributes();
        for (int i = 0; i < a.size(); i++) {
            Object v = a.valueAt(i);
            if (v instanceof Sequence seq) {
                Sequence copy = out.newSequence(a.tagAt(i));
                for (Attributes item : seq) {
                    copy.add(asReadInImplicitVR(item));
                }
            } else if (v instanceof byte[]) {
                out.setValue(a.tagAt(i), org.medbroker.connectors.dicom.data.ElementDictionary.vrOf(a.tagAt(i)), v);
            } else {
                out.setValue(a.tagAt(i), a.vrAt(i), v);
            }
        }
        return out;
    }

    /** The same data set after the odd-length byte values got their padding byte, as a reader sees them. */
    static Attributes padded(Attributes a) {
        Attributes out = new Attributes();
        for (int i = 0; i < a.size(); i++) {
            Object v = a.valueAt(i);
            if (v instanceof byte[] b && (b.length & 1) != 0) {
                byte[] p = java.util.Arrays.copyOf(b, b.length + 1);
                p[b.length] = a.vrAt(i).paddingByte();
                out.setValue(a.tagAt(i), a.vrAt(i), p);
            } else if (v instanceof Sequence seq) {
                Sequence copy = out.newSequence(a.tagAt(i));
                for (Attributes item : seq) {
                    copy.add(padded(item));
                }
            } else {
                out.setValue(a.tagAt(i), a.vrAt(i), v);
            }
        }
        return out;
    }
}
