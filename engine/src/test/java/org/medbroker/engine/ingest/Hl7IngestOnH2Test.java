package org.medbroker.engine.ingest;

/** The inbound path on the default embedded H2 store. */
class Hl7IngestOnH2Test extends Hl7IngestEndToEndTest {
    @Override
    String[] store() {
        return null;
    }
}
