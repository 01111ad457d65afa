package org.medbroker.connectors.astm.codec;

/** Bytes outside any frame that are neither control characters nor trailing CR/LF; only counted. */
public record NoiseSkipped(int bytes) implements E1381Event {
}
