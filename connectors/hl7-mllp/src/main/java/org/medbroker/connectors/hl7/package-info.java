/**
 * Camel component {@code hl7mllp}: an HL7 v2 listener over MLLP on Netty that hands each block to
 * the route as raw bytes and writes back the acknowledgement the route sets, in arrival order.
 */
package org.medbroker.connectors.hl7;
