package org.medbroker.engine.store.resource;

import org.junit.jupiter.api.BeforeAll;
import org.medbroker.engine.testsupport.TestDatabase;

/** The resource store on PostgreSQL from MEDBROKER_TEST_PG_URL (skipped without it, except in CI). */
class ResourceStorePostgresTest extends ResourceStoreContract {

    @BeforeAll
    static void requirePostgres() {
        TestDatabase.postgresUrl();
    }

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRESQL;
    }
}
