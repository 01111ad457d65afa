package org.medbroker.engine.outbound;

import org.junit.jupiter.api.BeforeEach;
import org.medbroker.engine.testsupport.TestDatabase;

/** The ASTM-to-MIS scenarios on PostgreSQL (skipped without {@code MEDBROKER_TEST_PG_URL} outside CI). */
class AstmResultsToMisOnPostgresTest extends AstmResultsToMisTest {

    private TestDatabase database;

    @BeforeEach
    @Override
    void start() throws Exception {
        database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
        super.start();
    }

    @Override
    protected String storeSection() {
        return "store: {jdbcUrl: \"" + database.settings().jdbcUrl() + "\", username: " + database.settings().username() + "}";
    }

    @Override
    protected void afterBroker() {
        if (database != null) {
            database.close();
        }
    }
}
