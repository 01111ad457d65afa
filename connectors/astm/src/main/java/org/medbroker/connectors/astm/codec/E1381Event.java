package org.medbroker.connectors.astm.codec;

/**
 * What {@link E1381FrameDecoder} emits: a frame (intact or failed), a control character, a frame error
 * or a count of skipped noise. The link layer answers each one (ACK, NAK, EOT); the decoder never throws.
 */
public sealed interface E1381Event permits AstmFrame, AstmControl, FrameError, NoiseSkipped {
}
