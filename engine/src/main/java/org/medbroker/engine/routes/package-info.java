/**
 * Camel routes built from the configuration: one route builder per inbound protocol, each wiring a
 * listener endpoint to the ingest path.
 */
package org.medbroker.engine.routes;
