package org.medbroker.engine.outbound;

import java.time.Duration;

/**
 * Keeps a dispatcher from hammering a destination that is down. After a connection failure or an
 * ACK timeout the circuit opens for a backoff that grows with each consecutive failure; when it has
 * passed, one message probes the destination (half open): success closes the circuit, failure opens
 * it again for longer. Used by one dispatcher thread only.
 */
final class CircuitBreaker {

    enum State {
        CLOSED,
        OPEN {
            @Override
            boolean allows(CircuitBreaker c, long now) {
                return now >= c.openUntil;
            }
        },
        HALF_OPEN;

        boolean allows(CircuitBreaker c, long now) {
            return true;
        }

        State onSuccess(CircuitBreaker c) {
            c.failures = 0;
            return CLOSED;
        }

        State onFailure(CircuitBreaker c, long now) {
            c.failures++;
            c.openUntil = now + c.backoff.after(c.failures).toNanos();
            return OPEN;
        }
    }

    private final Backoff backoff;
    private State state = State.CLOSED;
    private int failures;
    private long openUntil;

    CircuitBreaker(Backoff backoff) {
        this.backoff = backoff;
    }

    /** True when a message may be sent now; an open circuit whose wait has passed becomes half open. */
    boolean allows(long nowNanos) {
        boolean allowed = state.allows(this, nowNanos);
        if (allowed && state == State.OPEN) {
            state = State.HALF_OPEN;
        }
        return allowed;
    }

    void success() {
        state = state.onSuccess(this);
    }

    void failure(long nowNanos) {
        state = state.onFailure(this, nowNanos);
    }

    State state() {
        return state;
    }

    /** How long until the next probe, zero when closed. */
    Duration waitFor(long nowNanos) {
        return state == State.OPEN ? Duration.ofNanos(Math.max(0, openUntil - nowNanos)) : Duration.ZERO;
    }
}
