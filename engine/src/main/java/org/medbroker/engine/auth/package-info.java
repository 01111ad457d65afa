/**
 * Bearer token secrets from the configuration, including the ones the broker generates into its
 * data directory on first start.
 */
package org.medbroker.engine.auth;
