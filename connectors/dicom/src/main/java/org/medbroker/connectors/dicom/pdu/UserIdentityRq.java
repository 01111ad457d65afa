package org.medbroker.connectors.dicom.pdu;

import java.util.Arrays;

/**
 * User Identity Negotiation sub-item of the RQ (PS3.7 D.3.3.7.1, item type 58H).
 *
 * @param type 1 username, 2 username and passcode, 3 Kerberos, 4 SAML, 5 JWT
 * @param secondaryField the passcode for type 2, empty otherwise
 */
public record UserIdentityRq(int type, boolean positiveResponseRequested, byte[] primaryField, byte[] secondaryField) {

    public static final int USERNAME = 1;
    public static final int USERNAME_AND_PASSCODE = 2;

    public UserIdentityRq {
        primaryField = primaryField.clone();
        secondaryField = secondaryField.clone();
    }

    @Override
    public byte[] primaryField() {
        return primaryField.clone();
    }

    @Override
    public byte[] secondaryField() {
        return secondaryField.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserIdentityRq other && type == other.type
                && positiveResponseRequested == other.positiveResponseRequested
                && Arrays.equals(primaryField, other.primaryField) && Arrays.equals(secondaryField, other.secondaryField);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(primaryField) * 31 + type;
    }

    /** Never shows the fields: they are credentials. */
    @Override
    public String toString() {
        return "UserIdentityRq[type=" + type + ", positiveResponseRequested=" + positiveResponseRequested + "]";
    }
}
