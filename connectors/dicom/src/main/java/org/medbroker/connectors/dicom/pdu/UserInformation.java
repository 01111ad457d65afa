package org.medbroker.connectors.dicom.pdu;

import java.util.List;

/**
 * User Information item (PS3.8 9.3.2.3 and PS3.7 annex D.3.3, item type 50H).
 *
 * @param maxLength Maximum Length sub-item (51H): the longest P-DATA-TF variable field the sender
 *     accepts, 0 for no limit
 * @param implementationClassUid sub-item 52H
 * @param implementationVersionName sub-item 55H, or null when absent
 * @param asyncOperationsWindow sub-item 53H, or null when absent (one operation at a time)
 * @param roleSelections sub-items 54H
 * @param extendedNegotiations sub-items 56H
 * @param userIdentityRq sub-item 58H, or null (only in an RQ)
 * @param userIdentityAc sub-item 59H, or null (only in an AC)
 */
public record UserInformation(long maxLength, String implementationClassUid, String implementationVersionName,
        AsyncOperationsWindow asyncOperationsWindow, List<RoleSelection> roleSelections,
        List<ExtendedNegotiation> extendedNegotiations, UserIdentityRq userIdentityRq, UserIdentityAc userIdentityAc) {

    public UserInformation {
        roleSelections = List.copyOf(roleSelections);
        extendedNegotiations = List.copyOf(extendedNegotiations);
    }

    public static UserInformation of(long maxLength, String implementationClassUid, String implementationVersionName) {
        return new UserInformation(maxLength, implementationClassUid, implementationVersionName, null, List.of(),
                List.of(), null, null);
    }
}
