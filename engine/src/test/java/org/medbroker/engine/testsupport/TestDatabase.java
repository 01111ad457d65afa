package org.medbroker.engine.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.store.StoreSettings;

/**
 * A fresh, empty database for one test or test class: an in-memory H2 in PostgreSQL mode, or a new
 * database on the PostgreSQL server named by {@value #PG_URL_ENV} (user postgres), dropped on close.
 *
 * <p>Without {@value #PG_URL_ENV} the PostgreSQL tests are skipped, unless {@code CI} is set: in CI
 * a missing server fails them. Start one with {@code export MEDBROKER_TEST_PG_URL=$(bash .ci/postgres.sh)}.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String PG_URL_ENV = "MEDBROKER_TEST_PG_URL";
    private static final String PG_USER = "postgres";
    /** The embedded store's own H2 options, kept open until the test drops the database. */
    private static final String H2_OPTIONS = h2Options() + ";DB_CLOSE_DELAY=-1";

    public enum Kind {
        H2,
        POSTGRESQL
    }

    private final Kind kind;
    private final StoreSettings settings;
    private final String adminUrl;
    private final String databaseName;

    private TestDatabase(Kind kind, StoreSettings settings, String adminUrl, String databaseName) {
        this.kind = kind;
        this.settings = settings;
        this.adminUrl = adminUrl;
        this.databaseName = databaseName;
    }

    public static TestDatabase create(Kind kind) {
        String name = "mb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        if (kind == Kind.H2) {
            return new TestDatabase(kind, new StoreSettings("jdbc:h2:mem:" + name + H2_OPTIONS, "sa", "", 4), null, name);
        }
        String adminUrl = postgresUrl();
        try (Connection admin = DriverManager.getConnection(adminUrl, PG_USER, "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + adminUrl + ": " + e.getMessage(), e);
        }
        return new TestDatabase(kind, new StoreSettings(withDatabase(adminUrl, name), PG_USER, "", 4), adminUrl, name);
    }

    /** The PostgreSQL JDBC URL for tests; skips the calling test when none is configured outside CI, fails it in CI. */
    public static String postgresUrl() {
        String url = System.getenv(PG_URL_ENV);
        if (url == null || url.isBlank()) {
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank() && !"false".equals(ci.toLowerCase(Locale.ROOT))) {
                Assertions.fail(PG_URL_ENV + " is not set but CI is: run `export " + PG_URL_ENV
                        + "=$(bash .ci/postgres.sh)` before the tests");
            }
            Assumptions.abort(PG_URL_ENV + " is not set; skipping PostgreSQL tests (see .ci/postgres.sh)");
        }
        return url;
    }

    public Kind kind() {
        return kind;
    }

    public StoreSettings settings() {
        return settings;
    }

    /** Opens the record store on this database, migrated to the newest schema. */
    public RecordStore open() {
        return RecordStore.open(settings);
    }

    @Override
    public void close() {
        try {
            if (kind == Kind.H2) {
                try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.username(), settings.password());
                     Statement statement = connection.createStatement()) {
                    statement.execute("SHUTDOWN");
                }
            } else {
                try (Connection admin = DriverManager.getConnection(adminUrl, PG_USER, "");
                     Statement statement = admin.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the test database " + databaseName + ": " + e.getMessage(), e);
        }
    }

    private static String h2Options() {
        String url = StoreSettings.embedded(Path.of("unused")).jdbcUrl();
        return url.substring(url.indexOf(';'));
    }

    private static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = base.lastIndexOf('/');
        return base.substring(0, slash + 1) + database + params;
    }
}
