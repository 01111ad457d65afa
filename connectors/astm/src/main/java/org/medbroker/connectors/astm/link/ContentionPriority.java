package org.medbroker.connectors.astm.link;

/**
 * Which side of E1381 clause 6.2.7.1 (line contention: both stations sent ENQ) this station plays.
 * The instrument has priority; the computer system (host) yields.
 */
public enum ContentionPriority {
    /**
     * Play the instrument: ignore the peer's ENQ, wait {@link E1381Timeouts#contentionInstrumentDelay()}
     * (at least 1 s) and send ENQ again. For a simulator standing in for an instrument.
     */
    INSTRUMENT,
    /**
     * Play the host (the broker's normal role): stop bidding, answer the instrument's next ENQ as receiver
     * and bid again only after its EOT, or after {@link E1381Timeouts#contentionHostWait()} (at least 20 s)
     * if it never sends one.
     */
    HOST
}
