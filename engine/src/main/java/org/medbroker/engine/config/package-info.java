/**
 * The broker's YAML configuration: read with line numbers, environment variables substituted,
 * validated all at once into immutable records that the rest of the engine is built from.
 */
package org.medbroker.engine.config;
