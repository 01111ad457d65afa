package org.medbroker.connectors.dicom.pdu;

/**
 * Presentation context item of an A-ASSOCIATE-AC (PS3.8 9.3.3.2, item type 21H).
 *
 * @param result 0 acceptance, 1 user-rejection, 2 no-reason (provider rejection), 3 abstract syntax
 *     not supported, 4 transfer syntaxes not supported
 * @param transferSyntax the accepted one; meaningless (but still sent) when the result is not 0
 */
public record PresentationContextAc(int id, int result, String transferSyntax) {

    public static final int ACCEPTANCE = 0;
    public static final int USER_REJECTION = 1;
    public static final int NO_REASON = 2;
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    public boolean accepted() {
        return result == ACCEPTANCE;
    }
}
