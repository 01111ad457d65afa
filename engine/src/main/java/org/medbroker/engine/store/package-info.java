/**
 * The clinic record store: JDBC over embedded H2 or PostgreSQL, versioned migrations, and the
 * repositories for messages, patients, orders, FHIR resources and the audit trail.
 */
package org.medbroker.engine.store;
