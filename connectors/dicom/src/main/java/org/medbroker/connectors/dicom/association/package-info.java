/**
 * PS3.8 section 9.2 upper-layer protocol: the Sta1–Sta13 state machine for both roles, association
 * negotiation against an {@link org.medbroker.connectors.dicom.association.AssociationPolicy}, P-DATA
 * fragmentation and reassembly, release, abort and the ARTIM timer.
 */
package org.medbroker.connectors.dicom.association;
