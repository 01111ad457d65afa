/**
 * The medbroker runtime: {@link org.medbroker.engine.Broker} builds every part from the validated
 * configuration, starts them in order and stops them in reverse.
 */
package org.medbroker.engine;
