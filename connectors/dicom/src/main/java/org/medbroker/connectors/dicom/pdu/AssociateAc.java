package org.medbroker.connectors.dicom.pdu;

import java.util.List;

/**
 * A-ASSOCIATE-AC (PS3.8 9.3.3): the RQ's layout; the AE title fields are reserved but carry the
 * values of the RQ, items are one application context, presentation contexts (21H), user information.
 */
public record AssociateAc(int protocolVersion, String calledAeTitle, String callingAeTitle,
        String applicationContext, List<PresentationContextAc> presentationContexts, UserInformation userInformation)
        implements Pdu {

    public AssociateAc {
        presentationContexts = List.copyOf(presentationContexts);
    }
}
