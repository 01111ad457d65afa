/**
 * The read-only FHIR R4 endpoint: a HAPI plain server with one resource provider per type over the
 * resource store; authentication and audit live in {@code interceptors}.
 */
package org.medbroker.engine.fhir;
