package org.medbroker.engine.outbound;

import org.medbroker.engine.testsupport.TestDatabase;

/** {@link StudyEventQueueContract} on PostgreSQL ({@code MEDBROKER_TEST_PG_URL}; skipped without it outside CI). */
class StudyEventQueueOnPostgresTest extends StudyEventQueueContract {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRESQL;
    }
}
