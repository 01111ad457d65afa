package org.medbroker.connectors.dicom.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A value left on disk: {@code length} bytes at {@code offset} in {@code file}, in the byte order of
 * that file's transfer syntax. Readers put these in place of large values (pixel data, fragments) so
 * that a data set can be indexed without loading them; writers copy them from the file in chunks.
 */
public record BulkData(Path file, long offset, long length, boolean bigEndian) {

    public BulkData {
        Objects.requireNonNull(file, "file");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
    }
}
