package org.medbroker.engine.imaging;

import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Sequence;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.mappings.dicom.DicomInstance;
import org.medbroker.mappings.dicom.DicomPatient;
import org.medbroker.mappings.dicom.DicomSeries;

/**
 * What the index keeps of one object: its patient, study, series and instance attributes, decoded
 * from the object's character set.
 */
public record InstanceHeader(DicomPatient patient, String studyInstanceUid, String studyDate, String studyTime,
        String accessionNumber, String accessionIssuer, String studyId, String studyDescription, String referringPhysician,
        DicomSeries series, DicomInstance instance) {

    static final int ISSUER_OF_PATIENT_ID_QUALIFIERS = 0x00100024;
    static final int ISSUER_OF_ACCESSION_NUMBER = 0x00080051;
    static final int LOCAL_NAMESPACE_ENTITY_ID = 0x00400031;
    static final int UNIVERSAL_ENTITY_ID = 0x00400032;
    static final int UNIVERSAL_ENTITY_ID_TYPE = 0x00400033;

    /** Thrown when an object lacks a UID the index is keyed by. */
    static final class MissingUidException extends Exception {
        MissingUidException(String message) {
            super(message);
        }
    }

    static InstanceHeader of(Attributes ds) throws MissingUidException {
        String study = required(ds, Tag.StudyInstanceUID, "Study Instance UID (0020,000D)");
        String series = required(ds, Tag.SeriesInstanceUID, "Series Instance UID (0020,000E)");
        String sop = required(ds, Tag.SOPInstanceUID, "SOP Instance UID (0008,0018)");
        String sopClass = required(ds, Tag.SOPClassUID, "SOP Class UID (0008,0016)");
        Attributes qualifiers = firstItem(ds.getSequence(ISSUER_OF_PATIENT_ID_QUALIFIERS));
        DicomPatient patient = new DicomPatient(text(ds, Tag.PatientID), text(ds, Tag.IssuerOfPatientID),
                qualifiers == null ? null : text(qualifiers, UNIVERSAL_ENTITY_ID),
                qualifiers == null ? null : text(qualifiers, UNIVERSAL_ENTITY_ID_TYPE),
                text(ds, Tag.PatientName), text(ds, Tag.PatientBirthDate), text(ds, Tag.PatientSex));
        Attributes accessionIssuer = firstItem(ds.getSequence(ISSUER_OF_ACCESSION_NUMBER));
        DicomInstance instance = new DicomInstance(sop, sopClass, integer(ds, Tag.InstanceNumber),
                integer(ds, Tag.NumberOfFrames));
        DicomSeries seriesRecord = new DicomSeries(series, text(ds, Tag.Modality), integer(ds, Tag.SeriesNumber),
                text(ds, Tag.SeriesDescription), text(ds, Tag.BodyPartExamined), text(ds, Tag.SeriesDate),
                text(ds, Tag.SeriesTime), java.util.List.of(instance));
        return new InstanceHeader(patient, study, text(ds, Tag.StudyDate), text(ds, Tag.StudyTime),
                text(ds, Tag.AccessionNumber),
                accessionIssuer == null ? null : text(accessionIssuer, LOCAL_NAMESPACE_ENTITY_ID),
                text(ds, Tag.StudyID), text(ds, Tag.StudyDescription), text(ds, Tag.ReferringPhysicianName),
                seriesRecord, instance);
    }

    private static String required(Attributes ds, int tag, String name) throws MissingUidException {
        String value = text(ds, tag);
        if (value == null) {
            throw new MissingUidException("MB-0661: the object has no " + name + "; it cannot be indexed");
        }
        return value;
    }

    private static Attributes firstItem(Sequence sequence) {
        return sequence == null || sequence.isEmpty() ? null : sequence.get(0);
    }

    private static String text(Attributes ds, int tag) {
        String value = ds.getString(tag, null);
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static Integer integer(Attributes ds, int tag) {
        String value = text(ds, tag);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
