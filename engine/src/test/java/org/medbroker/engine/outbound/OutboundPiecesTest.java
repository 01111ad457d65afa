package org.medbroker.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pure functions of the outbound package: no sockets, no store. */
class OutboundPiecesTest {

    @Test
    void controlIdDependsOnlyOnSeqAndDestinationAndFitsMsh10() {
        assertThat(ControlIds.stable(42, "mis")).isEqualTo(ControlIds.stable(42, "mis")).startsWith("MB42.").hasSize(9);
        assertThat(ControlIds.stable(42, "mis")).isNotEqualTo(ControlIds.stable(43, "mis"));
        assertThat(ControlIds.stable(42, "mis")).isNotEqualTo(ControlIds.stable(42, "lis-archive"));
        assertThat(ControlIds.stable(9_999_999_999_999L, "x")).hasSizeLessThanOrEqualTo(20);
    }

    @Test
    void passThroughReplacesSenderReceiverAndControlIdOnly() {
        Charset cp1251 = Charset.forName("windows-1251");
        String in = "MSH|^~\\&|LIS|LAB|HIS|CLINIC|20240315||ORU^R01|IN-1|P|2.5.1\rPID|1||42^^^C||Иванова^Мария\r";
        String out = new String(PassThroughMessage.rewrite(in.getBytes(cp1251), cp1251, "MB1.ABCD", "MEDBROKER", "CLINIC-7",
                "MIS", ""), cp1251);
        assertThat(out).isEqualTo("MSH|^~\\&|MEDBROKER|CLINIC-7|MIS|CLINIC|20240315||ORU^R01|MB1.ABCD|P|2.5.1\rPID|1||42^^^C||Иванова^Мария\r");
    }

    @Test
    void readsAckCodeControlIdAndErrorText() {
        MisAck ae = MisAck.parse(("MSH|^~\\&|MIS|H|MB|MB|2026||ACK|X|P|2.5.1\rMSA|AE|MB1.ABCD\rERR||PID^1^3|204^Unknown key^HL70357|E||||"
                + "patient not registered\r").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(ae.code()).isEqualTo("AE");
        assertThat(ae.controlId()).isEqualTo("MB1.ABCD");
        assertThat(ae.text()).isEqualTo("patient not registered");
        assertThat(ae.accepted()).isFalse();
        MisAck aa = MisAck.parse("MSH|^~\\&|MIS\rMSA|AA|MB2.X\r".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(aa.accepted()).isTrue();
    }

    @Test
    void readsRoutingFieldsFromRawHl7() {
        Hl7Fields fields = Hl7Fields.read(OutboundMessages.oru("C-1", "MRN-9", "I", "6690-2").getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
        assertThat(fields.messageType()).isEqualTo("ORU^R01");
        assertThat(fields.patientClass()).isEqualTo("I");
        assertThat(fields.patientKey()).isEqualTo("MRN-9^CLINIC");
        assertThat(fields.testCodes()).containsExactly("58410-2", "6690-2");
    }

    @Test
    void backoffGrowsExponentiallyWithJitterAndStopsAtTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.after(1).toMillis()).isBetween(50L, 100L);
            assertThat(backoff.after(3).toMillis()).isBetween(200L, 400L);
            assertThat(backoff.after(30).toMillis()).isBetween(1000L, 2000L);
        }
    }

    @Test
    void circuitOpensOnFailureProbesOnceAfterTheWaitAndClosesOnSuccess() {
        CircuitBreaker circuit = new CircuitBreaker(new Backoff(Duration.ofMillis(100), Duration.ofMillis(100)));
        long t = 0;
        assertThat(circuit.allows(t)).isTrue();
        circuit.failure(t);
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(circuit.allows(t + Duration.ofMillis(10).toNanos())).isFalse();
        assertThat(circuit.allows(t + Duration.ofMillis(101).toNanos())).isTrue();
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        circuit.success();
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
