package org.medbroker.connectors.dicom.dimse;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * Where the data set of a request goes, fragment by fragment, as it arrives (so a 2 GB data set
 * never sits in memory). Called on the association's event loop.
 */
public interface DataSetReceiver {

    /** Ignores the data set: for requests answered with a failure before their data set arrives. */
    DataSetReceiver DISCARD = new DataSetReceiver() {
        @Override
        public void onFragment(ByteBuf fragment, boolean last) {
        }

        @Override
        public void onAbort() {
        }
    };

    /** One fragment; valid during the call only (retain it to keep it). */
    void onFragment(ByteBuf fragment, boolean last);

    /** The association ended before the last fragment: drop what was received. */
    void onAbort();

    /**
     * Collects a small data set (a C-FIND identifier) of at most {@code maxLength} bytes; {@code whole}
     * gets its bytes, or null if it was longer.
     */
    static DataSetReceiver collecting(int maxLength, Consumer<byte[]> whole) {
        return new DataSetReceiver() {
            private ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public void onFragment(ByteBuf fragment, boolean last) {
                if (bytes != null && bytes.size() + fragment.readableBytes() <= maxLength) {
                    byte[] part = new byte[fragment.readableBytes()];
                    fragment.getBytes(fragment.readerIndex(), part);
                    bytes.writeBytes(part);
                } else {
                    bytes = null;
                }
                if (last) {
                    whole.accept(bytes == null ? null : bytes.toByteArray());
                }
            }

            @Override
            public void onAbort() {
                bytes = null;
            }
        };
    }
}
