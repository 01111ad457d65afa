package org.medbroker.connectors.dicom.io;

import java.io.ByteArrayInputStream;
import java.util.Random;

/** Hands out its bytes in random chunks of 1 to 7, as a socket might, to test buffer refills. */
final class TricklingInputStream extends ByteArrayInputStream {

    private final Random random;

    TricklingInputStream(byte[] bytes, long seed) {
        super(bytes);
        this.random = new Random(seed);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
    }

    @Override
    public synchronized long skip(long n) {
        return super.skip(Math.min(n, 1 + random.nextInt(7)));
    }
}
