/**
 * ASTM E1394-97 / CLSI LIS2-A2 records: delimiters, escape sequences, the typed H P O R C Q M S L
 * records and the parser that builds a message hierarchy from the joined text of a transfer.
 */
package org.medbroker.connectors.astm.record;
