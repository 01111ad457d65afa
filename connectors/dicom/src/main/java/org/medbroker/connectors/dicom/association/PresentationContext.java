package org.medbroker.connectors.dicom.association;

/** An accepted presentation context: what both sides agreed to use for one abstract syntax. */
public record PresentationContext(int id, String abstractSyntax, String transferSyntax) {}
