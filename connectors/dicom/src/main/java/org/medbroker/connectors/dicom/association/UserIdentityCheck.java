package org.medbroker.connectors.dicom.association;

import java.net.InetAddress;
import java.util.Optional;
import org.medbroker.connectors.dicom.pdu.UserIdentityRq;

/** Decides on the User Identity Negotiation of an A-ASSOCIATE-RQ (PS3.7 D.3.3.7). */
@FunctionalInterface
public interface UserIdentityCheck {

    /**
     * @param identity what the requestor sent, or null when it sent none
     * @return the server response to send when a positive response was requested (may be empty), or
     *     empty to reject the association (rejected-permanent, service-user, no reason given)
     */
    Optional<byte[]> verify(UserIdentityRq identity, String callingAeTitle, InetAddress peer);
}
