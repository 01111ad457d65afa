/**
 * The command line: {@code run --config FILE} starts the broker, {@code validate FILE} checks a
 * configuration and prints every error as {@code file:line: message}.
 */
package org.medbroker.engine.cli;
