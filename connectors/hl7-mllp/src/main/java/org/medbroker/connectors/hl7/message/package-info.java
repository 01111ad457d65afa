/**
 * The few HL7 v2 message facts an MLLP listener needs before any full parse: the MSH header read
 * straight from the bytes, and acknowledgements (MSA, ERR) built for it.
 */
package org.medbroker.connectors.hl7.message;
