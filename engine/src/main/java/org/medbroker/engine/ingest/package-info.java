/**
 * The inbound path of HL7 v2 messages: journal and prepare (parse, validate, map) before the ACK,
 * then apply to the record store in journal order after it.
 */
package org.medbroker.engine.ingest;
