package org.medbroker.connectors.dicom.service;

import java.nio.file.Path;
import org.medbroker.connectors.dicom.data.Attributes;

/**
 * A composite object received by C-STORE, complete and fsynced in a DICOM Part 10 file: File Meta
 * Information built from the command and the presentation context, then the data set exactly as
 * received (in {@code transferSyntaxUid}, compressed or deflated as it came).
 *
 * @param file a temporary file; the sink moves it where it belongs, or it is deleted after the sink returns
 * @param dataSetOffset where the data set starts in the file (after the File Meta Information)
 * @param dataSetLength bytes of the data set
 * @param header the data set up to Pixel Data as {@code Part10.readDatasetUntilPixelData} reads it from
 *               the file, parsed while the object arrived; null when it could not be had that way
 *               (header too long or not parseable): read the file then
 */
public record ReceivedObject(Path file, long dataSetOffset, long dataSetLength, String sopClassUid,
        String sopInstanceUid, String transferSyntaxUid, String callingAeTitle, String calledAeTitle,
        String remoteAddress, Attributes header) {}
