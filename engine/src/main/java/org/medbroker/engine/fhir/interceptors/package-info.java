/**
 * Cross-cutting work on every FHIR request as HAPI interceptors: bearer-token authentication with
 * scopes, and the audit row written for each access to patient data before the response leaves.
 */
package org.medbroker.engine.fhir.interceptors;
