package org.medbroker.connectors.dicom.pdu;

/**
 * SOP Class Extended Negotiation sub-item (PS3.7 D.3.3.5, item type 56H); the service-class
 * application information is kept as the bytes received, its meaning belongs to each service class.
 */
public record ExtendedNegotiation(String sopClassUid, byte[] applicationInformation) {
    public ExtendedNegotiation {
        applicationInformation = applicationInformation.clone();
    }

    @Override
    public byte[] applicationInformation() {
        return applicationInformation.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedNegotiation other && sopClassUid.equals(other.sopClassUid)
                && java.util.Arrays.equals(applicationInformation, other.applicationInformation);
    }

    @Override
    public int hashCode() {
        return sopClassUid.hashCode() * 31 + java.util.Arrays.hashCode(applicationInformation);
    }
}
