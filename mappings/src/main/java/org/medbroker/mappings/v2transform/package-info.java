/**
 * Declarative edits of an outbound HL7 v2 message (set, copy, clear, remove segments, code maps, character
 * set), compiled once from the configuration and applied per message in ER7 text; pure functions, no I/O.
 */
package org.medbroker.mappings.v2transform;
