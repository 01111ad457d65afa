/**
 * Test support shared by the engine's tests: fresh H2 and PostgreSQL databases per test, the
 * PostgreSQL one from MEDBROKER_TEST_PG_URL (see .ci/postgres.sh).
 */
package org.medbroker.engine.testsupport;
