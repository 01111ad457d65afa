package org.medbroker.engine.outbound;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.connectors.hl7.message.AckCode;
import org.medbroker.engine.ingest.Hl7Preparer;
import org.medbroker.engine.ingest.Prepared;
import org.medbroker.mappings.v2transform.TransformChain;
import org.medbroker.mappings.v2transform.TransformRejected;

/**
 * The one place that decides what a queued message is on the wire, by how it arrived: an HL7 v2 message
 * passes through as received; results of another protocol (ASTM) go as the ORU^R01 and resources kept
 * for them ({@link ResultSetMessages}); a study event as its announcement ({@link StudyAnnouncement}). Either way MSH-3/4/5/6/10 are the destination's.
 * An HL7 destination's transforms then edit that message ({@link #transformed}); they cannot touch MSH-3/4/10.
 */
final class OutboundPayload {

    /** HL7 v2 text to send and the character set it is written in. */
    record Hl7(byte[] bytes, Charset charset) {
        String text() {
            return new String(bytes, charset);
        }
    }

    /** An HL7 message the current mapping no longer maps: the receiver would get nothing, so the delivery is rejected. */
    static final class NoLongerMaps extends Exception {
        NoLongerMaps(String message) {
            super(message);
        }
    }

    private OutboundPayload() {}

    static Hl7 hl7(OutboundQueue.Due message, String sendingApplication, String sendingFacility, String receivingApplication,
            String receivingFacility) {
        if (message.isStudyEvent()) {
            return new Hl7(StudyAnnouncement.encode(message.event(), message.controlId(), sendingApplication, sendingFacility,
                    receivingApplication, receivingFacility), StandardCharsets.UTF_8);
        }
        boolean built = message.builtHl7() != null;
        Charset charset = built ? StandardCharsets.UTF_8 : message.charset();
        byte[] raw = built ? message.builtHl7().getBytes(StandardCharsets.UTF_8) : message.raw();
        return new Hl7(PassThroughMessage.rewrite(raw, charset, message.controlId(), sendingApplication, sendingFacility,
                receivingApplication, receivingFacility), charset);
    }

    /** {@code payload} after the destination's transforms, in the character set they write. */
    static Hl7 transformed(Hl7 payload, TransformChain transforms) throws TransformRejected {
        TransformChain.Encoded encoded = transforms.apply(payload.bytes(), payload.charset());
        return new Hl7(encoded.bytes(), encoded.charset());
    }

    /**
     * The FHIR resources to push: those kept for the result set, or an HL7 message mapped again from its raw
     * bytes with the current mapping.
     *
     * @throws NoLongerMaps MB-0737 when an HL7 message no longer maps
     */
    static List<Resource> fhir(OutboundQueue.Due message, Hl7Preparer preparer) throws NoLongerMaps {
        if (message.resultSetJson() != null) {
            return ResultSetMessages.resources(message.resultSetJson());
        }
        Prepared prepared = preparer.prepare(message.raw(), message.charset());
        if (prepared.ackCode() != AckCode.AA || prepared.mapping().isEmpty()) {
            throw new NoLongerMaps("MB-0737: the message no longer maps: "
                    + prepared.error().map(e -> e.text()).orElse("no mapping"));
        }
        return prepared.mapping().get().resources();
    }
}
