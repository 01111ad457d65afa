package org.medbroker.engine.store.resource;

import org.medbroker.engine.testsupport.TestDatabase;

/** The resource store on embedded H2 in PostgreSQL mode. */
class ResourceStoreH2Test extends ResourceStoreContract {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
