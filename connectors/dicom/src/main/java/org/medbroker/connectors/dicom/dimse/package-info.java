/**
 * PS3.7 DICOM message exchange: command sets as records, their Implicit VR Little Endian encoding,
 * status codes, and a dispatcher that routes each request of an association to its service.
 */
package org.medbroker.connectors.dicom.dimse;
