package org.medbroker.connectors.dicom.service;

import java.nio.file.Path;

/**
 * A stored object a C-GET or C-MOVE sends: its Part 10 file and where the data set starts, sent
 * as stored, in its own transfer syntax (no transcoding).
 */
public record RetrievableObject(Path file, long dataSetOffset, String sopClassUid, String sopInstanceUid,
        String transferSyntaxUid) {}
