/**
 * A sample MLLP sender: one JDK-only source file that sends {@code .hl7} files and prints each ACK,
 * with an exit code a script can act on.
 */
package org.medbroker.samples.sender;
