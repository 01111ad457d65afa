/**
 * ASTM E1394 / LIS2-A2 messages to FHIR R4: pure functions over a parsed message, a per-analyzer code
 * map and the orders the caller already matched by specimen id.
 */
package org.medbroker.mappings.astm;
