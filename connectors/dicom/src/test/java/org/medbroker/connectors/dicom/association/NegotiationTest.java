package org.medbroker.connectors.dicom.association;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.medbroker.connectors.dicom.pdu.AssociateRj;

class NegotiationTest {

    @Test
    void allowsACallingAeTitleOnlyFromItsHosts() throws Exception {
        AssociationPolicy policy = AssociationTest.policy().callingAeTitle("CT1", "10.1.0.0/16").build();
        Negotiation fromItsHost = Negotiation.negotiate(AssociationTest.rq("MEDBROKER", "CT1"),
                InetAddress.getByName("10.1.2.3"), policy);
        Negotiation fromElsewhere = Negotiation.negotiate(AssociationTest.rq("MEDBROKER", "CT1"),
                InetAddress.getByName("10.2.2.3"), policy);
        assertThat(fromItsHost).isInstanceOf(Negotiation.Accepted.class);
        assertThat(((Negotiation.Rejected) fromElsewhere).rj()).isEqualTo(new AssociateRj(1, 1, 3));
        assertThat(((Negotiation.Rejected) fromElsewhere).why()).contains("10.2.2.3");
    }

    @Test
    void anyCallingAeTitleWhenNoneIsListed() throws Exception {
        Negotiation n = Negotiation.negotiate(AssociationTest.rq("MEDBROKER", "WHOEVER"),
                InetAddress.getByName("192.0.2.1"), AssociationTest.policy().build());
        assertThat(n).isInstanceOf(Negotiation.Accepted.class);
    }
}
