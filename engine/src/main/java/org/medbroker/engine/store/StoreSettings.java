package org.medbroker.engine.store;

/** Where the record store lives and how many connections it may hold. */
public record StoreSettings(String jdbcUrl, String username, String password, int poolSize) {

    /** The default embedded store: an H2 file database below the data directory. */
    public static StoreSettings embedded(java.nio.file.Path dataDir) {
        String file = dataDir.resolve("store").resolve("medbroker").toAbsolutePath().toString();
        return new StoreSettings("jdbc:h2:file:" + file + H2_OPTIONS, "sa", "", 8);
    }

    /*
     * DB_CLOSE_ON_EXIT=FALSE: the broker closes the store itself, after the applier has stopped.
     * WRITE_DELAY: H2 rewrites every B-tree page a change touched each time it writes, so writing
     * less often writes far less; the journal, not H2, is what makes an ACK durable, and journal
     * segments are released only after a CHECKPOINT SYNC (see RecordStore#checkpoint).
     */
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE"
            + ";WRITE_DELAY=5000;CACHE_SIZE=65536";
}
