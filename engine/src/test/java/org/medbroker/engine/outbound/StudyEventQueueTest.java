package org.medbroker.engine.outbound;

import org.medbroker.engine.testsupport.TestDatabase;

/** {@link StudyEventQueueContract} on the embedded H2 store. */
class StudyEventQueueTest extends StudyEventQueueContract {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
