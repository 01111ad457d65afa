package org.medbroker.engine.outbound;

import org.junit.jupiter.api.BeforeEach;
import org.medbroker.engine.testsupport.TestDatabase;

/** The MIS delivery scenarios on PostgreSQL (skipped without {@code MEDBROKER_TEST_PG_URL} outside CI). */
class Hl7MllpDestinationOnPostgresTest extends Hl7MllpDestinationTest {

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
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
