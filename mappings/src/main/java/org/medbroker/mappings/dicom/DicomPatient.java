package org.medbroker.mappings.dicom;

/**
 * The patient module of a DICOM object, values already decoded from their character set.
 *
 * @param patientId             (0010,0020), may be null
 * @param issuer                (0010,0021) issuer of patient id, may be null
 * @param issuerUniversalId     (0040,0032) from the issuer qualifiers sequence, may be null
 * @param issuerUniversalIdType (0040,0033): DNS, EUI64, ISO, URI, UUID, X400, X500; may be null
 * @param name                  (0010,0010) person name, {@code ^} between components, {@code =} between groups
 * @param birthDate             (0010,0030) DA, {@code YYYYMMDD}
 * @param sex                   (0010,0040) M, F or O
 */
public record DicomPatient(String patientId, String issuer, String issuerUniversalId, String issuerUniversalIdType,
    String name, String birthDate, String sex) {
}
