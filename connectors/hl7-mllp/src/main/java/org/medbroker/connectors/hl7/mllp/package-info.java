/**
 * MLLP framing (HL7 v2.5.1 Implementation Guide, Appendix C, Minimal Lower Layer Protocol):
 * Netty codecs that cut a byte stream into {@code <VT> message <FS><CR>} blocks and frame replies.
 */
package org.medbroker.connectors.hl7.mllp;
