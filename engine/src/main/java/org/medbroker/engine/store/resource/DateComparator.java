package org.medbroker.engine.store.resource;

/**
 * The FHIR date search prefixes this store answers (eq, ne, gt, ge, lt, le, sa, eb), each a test of
 * a stored range against the range of the searched value.
 */
public enum DateComparator {
    EQ,
    NE,
    GT,
    GE,
    LT,
    LE,
    SA,
    EB
}
