/**
 * What every TCP listener of medbroker shares, whatever its protocol: the Netty server's life
 * cycle and the allowed-peers filter.
 */
package org.medbroker.connectors.tcp;
