/**
 * Test fixtures shared with the engine's tests through this module's test-jar: dcmtk's tools as
 * real peers.
 */
package org.medbroker.connectors.dicom.testing;
