/**
 * HL7 v2 (2.3 to 2.5.1) to FHIR R4: parsing ER7 into the canonical v2.5.1 model and mapping ORU, ORM, OML and ADT
 * messages to resources, following the HL7 v2-to-FHIR Implementation Guide; pure functions, no I/O.
 */
package org.medbroker.mappings.hl7v2;
