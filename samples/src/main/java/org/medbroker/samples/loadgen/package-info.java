/**
 * HL7 v2 load generator over MLLP: one JDK-only source file, runnable with {@code java Hl7LoadGenerator.java},
 * closed-loop or at an offered rate, checking every ACK.
 */
package org.medbroker.samples.loadgen;
