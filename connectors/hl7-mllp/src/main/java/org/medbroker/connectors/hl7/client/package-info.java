/**
 * The sending side of MLLP: a Netty client that writes one HL7 message per block and waits for its
 * acknowledgement block (original acknowledgement mode, one message in flight per connection).
 */
package org.medbroker.connectors.hl7.client;
