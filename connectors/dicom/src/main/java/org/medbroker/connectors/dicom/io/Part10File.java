package org.medbroker.connectors.dicom.io;

import org.medbroker.connectors.dicom.data.Attributes;

/**
 * A DICOM file as read: its File Meta Information, the transfer syntax of its data set, the data set
 * (possibly only up to Pixel Data), and whether Pixel Data follows what was read.
 */
public record Part10File(Attributes fileMetaInformation, TransferSyntax transferSyntax, Attributes dataset,
                         boolean pixelDataFollows) {
}
