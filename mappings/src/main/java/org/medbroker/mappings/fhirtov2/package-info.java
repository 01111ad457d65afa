/**
 * FHIR R4 resources of one result set back to HL7 v2.5.1 (ORU^R01), for receivers that speak only v2: the
 * v2-to-FHIR Implementation Guide's mappings read in reverse; pure functions, no I/O.
 */
package org.medbroker.mappings.fhirtov2;
