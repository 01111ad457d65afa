/**
 * An ASTM analyzer simulator (E1381 low level in both roles, E1394 records) for testing listeners
 * without hardware, over TCP or a serial device; JDK only, runnable as a single source file.
 */
package org.medbroker.samples.astm;
