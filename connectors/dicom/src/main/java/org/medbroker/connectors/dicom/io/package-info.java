/**
 * Encoding of data sets in PS3.5 transfer syntaxes: {@link TransferSyntax},
 * {@link DicomOutputStream} (writes) and {@link DicomInputStream} (reads), including DIMSE command sets
 * ({@code encodeCommandSet}/{@code decodeCommandSet}, always Implicit VR Little Endian) and C-FIND
 * identifiers ({@code encode}/{@code decode} in the negotiated syntax).
 *
 * <p>Depends only on {@code data}; {@code pdu} and the layers above build on it.
 */
package org.medbroker.connectors.dicom.io;
