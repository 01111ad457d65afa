/**
 * Test support shared with other modules through the test-jar: the FHIR R4 instance validator and access to the
 * golden sample messages under {@code samples/hl7}.
 */
package org.medbroker.mappings.testing;
