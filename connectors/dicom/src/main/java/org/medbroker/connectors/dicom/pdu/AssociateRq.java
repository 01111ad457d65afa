package org.medbroker.connectors.dicom.pdu;

import java.util.List;

/**
 * A-ASSOCIATE-RQ (PS3.8 9.3.2).
 *
 * <pre>
 *   protocol version (2) | reserved (2) | called AE (16) | calling AE (16) | reserved (32) | items
 * </pre>
 *
 * Items: one application context (10H), one or more presentation contexts (20H), one user
 * information (50H). AE titles are kept without their padding spaces.
 */
public record AssociateRq(int protocolVersion, String calledAeTitle, String callingAeTitle,
        String applicationContext, List<PresentationContextRq> presentationContexts, UserInformation userInformation)
        implements Pdu {

    /** The only application context name of DICOM (PS3.7 A.2.1). */
    public static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    public static final int PROTOCOL_VERSION_1 = 1;

    public AssociateRq {
        presentationContexts = List.copyOf(presentationContexts);
    }
}
