/**
 * ASTM E1381-02 / CLSI LIS1-A link layer (clauses 6.2 to 6.5): the ENQ/ACK/NAK/EOT session with its
 * establishment, transfer and termination phases, timers, retries and line contention, on top of {@code codec}.
 */
package org.medbroker.connectors.astm.link;
