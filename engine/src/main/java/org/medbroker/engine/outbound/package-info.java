/**
 * Outbound delivery: the durable queue per destination (filled in the store applier's transaction),
 * and the dispatchers that deliver from it with retries, backoff, dead letters and circuit breaking.
 */
package org.medbroker.engine.outbound;
