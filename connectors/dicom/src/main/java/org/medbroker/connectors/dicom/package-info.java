/**
 * DICOM network stack on Netty, layered data → io → pdu → association → dimse → service; only this
 * root package will import Camel.
 */
package org.medbroker.connectors.dicom;
