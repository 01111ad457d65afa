package org.medbroker.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.medbroker.engine.store.MessageKey;
import org.medbroker.engine.store.MessageKey.Kind;

class Hl7MessageKeysTest {

    @Test
    void readsSpecimenBarcodesAndAccessionNumbersFromTheirFields() {
        String oml = String.join("\r",
                "MSH|^~\\&|MIS|CLINIC|LIS|LAB|20240320090512||OML^O21^OML_O21|C-1|P|2.5.1",
                "PID|1||MRN-1^^^CLINIC^MR||Ivanova^Anna||19790412|F",
                "ORC|NW|ACC-77^MIS|FIL-9^LAB||SC",
                "OBR|1|ACC-77^MIS|OBR3-5^LAB|58410-2^CBC^LN||||||||||||||RAD-18~RAD-18B",
                "SPM|1|BC-100&MIS^BC-200&LAB||BLD^Blood^HL70487") + "\r";
        assertThat(Hl7MessageKeys.of(oml.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).containsExactlyInAnyOrder(
                new MessageKey(Kind.ACCESSION, "ACC-77"), new MessageKey(Kind.SAMPLE, "FIL-9"),
                new MessageKey(Kind.SAMPLE, "OBR3-5"), new MessageKey(Kind.ACCESSION, "RAD-18"),
                new MessageKey(Kind.ACCESSION, "RAD-18B"), new MessageKey(Kind.SAMPLE, "BC-100"),
                new MessageKey(Kind.SAMPLE, "BC-200"));
    }

    @Test
    void followsTheMessagesOwnSeparatorsAndCharset() {
        String text = "MSH#*!\\$#MIS#CLINIC#LIS#LAB#20240320090512##ORU*R01#C-2#P#2.5.1\rOBR#1##Проба-1*LAB\r";
        Charset cp1251 = Charset.forName("windows-1251");
        assertThat(Hl7MessageKeys.of(text.getBytes(cp1251), cp1251)).containsExactly(new MessageKey(Kind.SAMPLE, "Проба-1"));
    }

    @Test
    void keepsNoEmptyOrOverlongValuesAndNothingWithoutMsh() {
        String text = "MSH|^~\\&|MIS|CLINIC|LIS|LAB|20240320090512||ORU^R01|C-3|P|2.5.1\rOBR|1||  ^LAB\rSPM|1|" + "9".repeat(200) + "\r";
        assertThat(Hl7MessageKeys.of(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEmpty();
        assertThat(Hl7MessageKeys.of("PID|1||X\rOBR|1||S-1".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEmpty();
    }
}
