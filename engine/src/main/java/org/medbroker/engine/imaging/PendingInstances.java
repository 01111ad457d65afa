package org.medbroker.engine.imaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DICOM objects acknowledged but not yet indexed. Under the keep policy a listener claims each SOP
 * Instance UID here before journaling it, so a second copy arriving before the first is indexed
 * is still answered as a duplicate; and the files this process wrote into the layout are counted,
 * so the indexer forces them instead of writing them again (after a restart it rewrites each one
 * from its receipt: the file may not have reached the disk).
 */
final class PendingInstances {

    private final Map<String, Boolean> claims = new ConcurrentHashMap<>();
    private final Map<String, Integer> written = new ConcurrentHashMap<>();

    /** False when the object is claimed already (the keep policy answers duplicate). */
    boolean claim(String listener, String sopInstanceUid) {
        return claims.putIfAbsent(key(listener, sopInstanceUid), Boolean.TRUE) == null;
    }

    void release(String listener, String sopInstanceUid) {
        claims.remove(key(listener, sopInstanceUid));
    }

    void fileWritten(String target) {
        written.merge(target, 1, Integer::sum);
    }

    boolean writtenByThisProcess(String target) {
        return written.containsKey(target);
    }

    /** The receipt for {@code target} is indexed: one fewer pending write. */
    void fileIndexed(String target) {
        written.computeIfPresent(target, (k, n) -> n == 1 ? null : n - 1);
    }

    private static String key(String listener, String sopInstanceUid) {
        return listener + '\u0000' + sopInstanceUid;
    }
}
