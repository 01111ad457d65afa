package org.medbroker.engine.store.audit;

import org.medbroker.engine.testsupport.TestDatabase;

class AuditLogH2Test extends AuditLogContract {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
