package org.medbroker.engine.store;

/** The SQL databases the record store runs on; H2 runs in its PostgreSQL mode so one schema serves both. */
public enum Dialect {
    H2,
    POSTGRESQL;

    public static Dialect ofJdbcUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("MB-0010: unsupported JDBC URL scheme; use jdbc:h2: or jdbc:postgresql:");
    }
}
