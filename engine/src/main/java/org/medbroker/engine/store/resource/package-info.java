/**
 * FHIR R4 resources in the record store: versioned JSON, the search index beside it, and the SQL
 * that reads both, in one dialect for H2 (PostgreSQL mode) and PostgreSQL.
 */
package org.medbroker.engine.store.resource;
