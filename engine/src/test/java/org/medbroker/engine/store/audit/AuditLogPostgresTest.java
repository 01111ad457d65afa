package org.medbroker.engine.store.audit;

import org.junit.jupiter.api.BeforeAll;
import org.medbroker.engine.testsupport.TestDatabase;

class AuditLogPostgresTest extends AuditLogContract {

    @BeforeAll
    static void requirePostgres() {
        TestDatabase.postgresUrl();
    }

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRESQL;
    }
}
