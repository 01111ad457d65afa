/**
 * DICOM study, series and instance attributes (as the broker indexes them) to FHIR R4 ImagingStudy and
 * Patient, following the FHIR ImagingStudy mapping to DICOM; pure functions, no network or store.
 */
package org.medbroker.mappings.dicom;
