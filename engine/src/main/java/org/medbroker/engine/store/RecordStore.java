package org.medbroker.engine.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The record store's connection pool, migrated to the newest schema on open.
 *
 * <p>The store is not the durability point for received messages: the journal files are (see
 * {@code org.medbroker.engine.journal}). {@link #checkpoint()} makes everything committed so far
 * durable, after which journal segments that are applied may be deleted.
 */
public final class RecordStore implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Dialect dialect;

    private RecordStore(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public static RecordStore open(StoreSettings settings) {
        Dialect dialect = Dialect.ofJdbcUrl(settings.jdbcUrl());
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("store");
        hikari.setJdbcUrl(settings.jdbcUrl());
        hikari.setUsername(settings.username());
        hikari.setPassword(settings.password());
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(true);
        hikari.setConnectionTimeout(5_000);
        hikari.setValidationTimeout(2_000);
        hikari.setInitializationFailTimeout(-1);
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new RecordStore(dataSource, dialect);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** True when the store answers a trivial query within the pool's validation timeout. */
    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Forces what is committed onto disk. PostgreSQL commits are already durable; H2 writes its
     * file lazily, so it is told to sync.
     */
    public void checkpoint() throws SQLException {
        if (dialect != Dialect.H2) {
            return;
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
