/**
 * A test MIS for benchmarks and demos: a single-file MLLP server that acknowledges every message,
 * discards repeated control ids, and reports how many results arrived and how fast.
 */
package org.medbroker.samples.mis;
