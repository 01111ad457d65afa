/**
 * The embedded HTTP(S) server: Jetty 12 (ee10 servlets) on one port, serving the servlets it is
 * given by path spec, e.g. {@code /fhir/*}, {@code /metrics}, {@code /health/*}.
 */
package org.medbroker.engine.http;
