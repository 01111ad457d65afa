package org.medbroker.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.TestBroker;

/** ADT^A04 registers two records of one person; ADT^A40 merges them: the survivor carries every identifier. */
class PatientMergeTest {

    @TempDir
    Path dir;

    private static String a04(String controlId, String mrn, String family) {
        return String.join("\r",
                "MSH|^~\\&|HIS|CLINIC|MEDBROKER|CLINIC|20240301090000||ADT^A04^ADT_A01|" + controlId + "|P|2.5.1|||AL|NE||UNICODE UTF-8",
                "EVN|A04|20240301090000",
                "PID|1||" + mrn + "^^^CLINIC^MR||" + family + "^Пётр||19700101|M",
                "PV1|1|O") + "\r";
    }

    @Test
    void mergeMovesIdentifiersToTheSurvivorAndRetiresTheOtherRecord() throws Exception {
        FhirContext fhir = FhirContext.forR4Cached();
        try (TestBroker broker = TestBroker.start(dir, null, null); MllpTestClient client = broker.client()) {
            assertThat(MllpTestClient.field(client.send(a04("REG-1", "MRN-100", "Сидоров"), StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
            assertThat(MllpTestClient.field(client.send(a04("REG-2", "MRN-200", "Сидоров"), StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
            String merge = String.join("\r",
                    "MSH|^~\\&|HIS|CLINIC|MEDBROKER|CLINIC|20240302090000||ADT^A40^ADT_A39|MRG-1|P|2.5.1|||AL|NE||UNICODE UTF-8",
                    "EVN|A40|20240302090000",
                    "PID|1||MRN-100^^^CLINIC^MR||Сидоров^Пётр||19700101|M",
                    "MRG|MRN-200^^^CLINIC^MR") + "\r";
            assertThat(MllpTestClient.field(client.send(merge, StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
            broker.awaitApplied();

            Bundle byOld = fhir.newJsonParser().parseResource(Bundle.class,
                    broker.get("/fhir/Patient?identifier=MRN-200", TestBroker.TOKEN).body());
            List<Patient> found = byOld.getEntry().stream().map(e -> (Patient) e.getResource()).toList();
            Patient survivor = found.stream().filter(p -> !p.hasActive() || p.getActive()).findFirst().orElseThrow();
            Patient retired = found.stream().filter(p -> p.hasActive() && !p.getActive()).findFirst().orElseThrow();
            assertThat(survivor.getIdentifier()).extracting(Identifier::getValue).contains("MRN-100", "MRN-200");
            assertThat(retired.getLinkFirstRep().getType().toCode()).isEqualTo("replaced-by");
            assertThat(retired.getLinkFirstRep().getOther().getReference()).isEqualTo("Patient/" + survivor.getIdPart());
        }
    }
}
