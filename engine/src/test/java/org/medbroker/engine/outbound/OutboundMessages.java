package org.medbroker.engine.outbound;

/** HL7 v2 test messages for routing: the inbound control id is repeated in OBR-3 so the receiver can tell results apart. */
public final class OutboundMessages {

    private OutboundMessages() {}

    public static String oru(String controlId, String mrn, String patientClass, String testCode) {
        return String.join("\r",
                "MSH|^~\\&|LIS|CLINIC|MEDBROKER|CLINIC|20240315101500+0300||ORU^R01^ORU_R01|" + controlId + "|P|2.5.1|||AL|NE||UNICODE UTF-8",
                "PID|1||" + mrn + "^^^CLINIC^MR||Test^Patient||19800214|F",
                "PV1|1|" + patientClass,
                "OBR|1|ORD-" + controlId + "|" + controlId + "|58410-2^CBC panel^LN|||20240315093000+0300",
                "OBX|1|NM|" + testCode + "^WBC^LN||5.5|10*9/L|4.0-9.0|N|||F|||20240315100000+0300") + "\r";
    }

    public static String oru(String controlId, String mrn) {
        return oru(controlId, mrn, "O", "6690-2");
    }

    public static String adt(String controlId, String mrn) {
        return String.join("\r",
                "MSH|^~\\&|HIS|CLINIC|MEDBROKER|CLINIC|20240315101500+0300||ADT^A04^ADT_A01|" + controlId + "|P|2.5.1|||AL|NE||UNICODE UTF-8",
                "EVN|A04|20240315101500+0300",
                "PID|1||" + mrn + "^^^CLINIC^MR||Test^Patient||19800214|F",
                "PV1|1|O") + "\r";
    }
}
