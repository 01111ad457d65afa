/**
 * The audit trail of access to patient data: one row per FHIR read, search or history request,
 * written in its own transaction before the response leaves.
 */
package org.medbroker.engine.store.audit;
