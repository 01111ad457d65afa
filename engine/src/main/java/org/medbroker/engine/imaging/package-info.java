/**
 * Imaging: DICOM objects received by a listener are moved into the storage layout, indexed in the
 * record store with their patient, published as FHIR ImagingStudy, and answered to C-FIND.
 */
package org.medbroker.engine.imaging;
