package org.medbroker.connectors.dicom.pdu;

import java.util.Arrays;

/** User Identity Negotiation sub-item of the AC (PS3.7 D.3.3.7.2, item type 59H). */
public record UserIdentityAc(byte[] serverResponse) {
    public UserIdentityAc {
        serverResponse = serverResponse.clone();
    }

    @Override
    public byte[] serverResponse() {
        return serverResponse.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserIdentityAc other && Arrays.equals(serverResponse, other.serverResponse);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serverResponse);
    }

    @Override
    public String toString() {
        return "UserIdentityAc[" + serverResponse.length + " bytes]";
    }
}
