/**
 * DICOM benchmark data: one JDK-only source file, runnable with {@code java DicomBenchDataset.java}, that
 * writes the deterministic CT, small-object, CBCT and C-FIND sets the ingest benchmark sends.
 */
package org.medbroker.samples.dicom;
