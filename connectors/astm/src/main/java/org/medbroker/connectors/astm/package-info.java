/**
 * Camel component {@code astm}: an ASTM E1381/E1394 listener on Netty that runs the E1381 session of
 * {@code link} per connection and hands each received message to the route as raw record bytes.
 */
package org.medbroker.connectors.astm;
