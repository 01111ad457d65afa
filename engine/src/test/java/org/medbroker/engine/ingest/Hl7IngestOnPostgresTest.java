package org.medbroker.engine.ingest;

import org.junit.jupiter.api.AfterEach;
import org.medbroker.engine.testsupport.TestDatabase;

/** The inbound path on a real PostgreSQL server, a fresh database per test. */
class Hl7IngestOnPostgresTest extends Hl7IngestEndToEndTest {

    private TestDatabase database;

    @Override
    String[] store() {
        database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
        return new String[] {database.settings().jdbcUrl(), database.settings().username()};
    }

    @AfterEach
    void dropDatabase() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (database != null) {
            database.close();
        }
    }
}
