/**
 * The services medbroker offers over DICOM (Verification, Storage, Query) and the {@link
 * org.medbroker.connectors.dicom.service.DicomServer} that wires them on a TCP listener; the engine
 * plugs in through {@link org.medbroker.connectors.dicom.service.StorageSink} and {@link
 * org.medbroker.connectors.dicom.service.QueryProvider}.
 */
package org.medbroker.connectors.dicom.service;
