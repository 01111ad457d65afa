package org.medbroker.connectors.dicom.pdu;

/** SCP/SCU Role Selection sub-item (PS3.7 D.3.3.4, item type 54H). */
public record RoleSelection(String sopClassUid, boolean scuRole, boolean scpRole) {}
