/**
 * ASTM E1381-02 / CLSI LIS1-A low-level framing (clause 6.3): Netty codecs that cut a byte stream into
 * checksummed {@code <STX> FN text <ETB|ETX> C1 C2 <CR><LF>} frames and control characters, and back.
 */
package org.medbroker.connectors.astm.codec;
