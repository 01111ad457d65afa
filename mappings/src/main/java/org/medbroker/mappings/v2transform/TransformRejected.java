package org.medbroker.mappings.v2transform;

/**
 * A message the configured transforms cannot turn into what the receiver asked for (a code not in the
 * table under {@code otherwise: reject}, a character the target character set lacks). Deterministic: the
 * same message fails the same way on every attempt. The message starts with its MB code and names the rule
 * and the position, never the patient.
 */
public final class TransformRejected extends Exception {

    public TransformRejected(String message) {
        super(message);
    }
}
