package org.medbroker.connectors.dicom.pdu;

/** Asynchronous Operations Window sub-item (PS3.7 D.3.3.3, item type 53H); 0 means unlimited. */
public record AsyncOperationsWindow(int maxOperationsInvoked, int maxOperationsPerformed) {}
