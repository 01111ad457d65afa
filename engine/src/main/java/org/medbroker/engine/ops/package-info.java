/**
 * Operations endpoints: hand-rolled Prometheus metrics (counters, histograms, JVM gauges) at
 * {@code /metrics} and liveness and readiness checks at {@code /health}, both without a token.
 */
package org.medbroker.engine.ops;
