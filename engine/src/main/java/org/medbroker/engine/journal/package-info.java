/**
 * The message journal: append-only segment files, fsynced with group commit before anything is
 * acknowledged, read back in order by the store applier and on recovery after a crash.
 */
package org.medbroker.engine.journal;
