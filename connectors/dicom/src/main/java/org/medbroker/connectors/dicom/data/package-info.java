/**
 * DICOM data model of PS3.5/PS3.6, independent of any encoding: {@link Tag} constants and helpers,
 * the {@link VR} enum, the generated PS3.6 {@link ElementDictionary}, registered {@link UID}s (incl.
 * every Storage SOP Class), {@link SpecificCharacterSet} and {@link PersonName}, and {@link Attributes},
 * a data set ordered by tag whose values are little endian bytes, nested {@link Sequence}s, encapsulated
 * {@link Fragments} or {@link BulkData} references to file regions.
 *
 * <p>Depends on nothing else in medbroker; {@code io} builds on it.
 */
package org.medbroker.connectors.dicom.data;
