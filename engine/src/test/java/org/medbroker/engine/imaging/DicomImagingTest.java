package org.medbroker.engine.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.connectors.dicom.testing.Dcmtk;
import org.medbroker.engine.TestBroker;
import org.medbroker.engine.testsupport.LogCapture;

/**
 * The broker as a DICOM peer of dcmtk: echo, storage of real files into the layout and the index,
 * ImagingStudy in FHIR linked to the patient HL7 registered, C-FIND at every level with Cyrillic
 * names, both duplicate policies, and an unwritable storage path answered with a failure status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DicomImagingTest {

    private static final String STUDY = "1.2.826.0.1.3680043.8.498.77.1";
    private static final String SERIES = STUDY + ".1";
    private static final Charset ISO_8859_5 = Charset.forName("ISO-8859-5");

    @TempDir
    static Path tmp;
    private TestBroker broker;
    private Path storage;
    private Path replacing;
    private Path files;

    @BeforeAll
    void start() throws Exception {
        Dcmtk.assumeInstalled();
        storage = tmp.resolve("images");
        replacing = tmp.resolve("images-replace");
        files = Files.createDirectories(tmp.resolve("files"));
        broker = TestBroker.withListeners(tmp.resolve("broker"), TestBroker.dicomListener("imaging", """
                storage:
                  directory: %s
                  duplicates: keep
                """.formatted(storage)) + TestBroker.dicomListener("imaging-replace", """
                storage:
                  directory: %s
                  duplicates: replace
                """.formatted(replacing)));
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private String port() {
        return Integer.toString(broker.port("imaging"));
    }

    @Test
    void answersEchoAndRejectsAnUnknownCalledAeTitle() throws Exception {
        Dcmtk.ok(files, "echoscu", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1", port());
        Dcmtk.Result wrong = Dcmtk.run(files, "echoscu", "-aet", "CT01", "-aec", "NOT_US", "127.0.0.1", port());
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.all()).containsIgnoringCase("rejected").contains("Called AE Title Not Recognized");
    }

    @Test
    void storedStudyIsIndexedAndPublishedAsImagingStudyOfTheRegisteredPatient() throws Exception {
        String ack;
        try (MllpTestClient hl7 = broker.client()) {
            ack = hl7.send("MSH|^~\\&|MIS|CLINIC|MEDBROKER|CLINIC|20261130090000||ADT^A04|IMG-ADT-1|P|2.5.1|||||||UNICODE UTF-8\r"
                    + "EVN|A04|20261130090000\r"
                    + "PID|1||MRN-1001^^^CLINIC^MR||Иванов^Иван^Петрович||19800215|M\r", StandardCharsets.UTF_8);
        }
        assertThat(MllpTestClient.field(ack, "MSA", 1)).isEqualTo("AA");
        broker.awaitApplied();
        Patient registered = parse(broker.get("/fhir/Patient?identifier=MRN-1001", TestBroker.TOKEN).body())
                .getEntry().stream().map(e -> (Patient) e.getResource()).findFirst().orElseThrow();

        List<String> paths = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            paths.add(Dcmtk.fromDump(files, "ct" + i, CtSlices.ctSlice("ISO_IR 192", "Иванов^Иван^Петрович", "MRN-1001", STUDY,
                    SERIES, SERIES + "." + i, i, "ACC-77", "20261130"), StandardCharsets.UTF_8).toString());
        }
        Stream.Builder<String> command = Stream.<String>builder().add("storescu").add("-aet").add("CT01").add("-aec")
                .add("MEDBROKER").add("127.0.0.1").add(port());
        paths.forEach(command::add);
        Dcmtk.ok(files, command.build().toArray(String[]::new));

        Path stored = storage.resolve(STUDY).resolve(SERIES).resolve(SERIES + ".2.dcm");
        assertThat(stored).exists();
        Attributes header = Part10.readDatasetUntilPixelData(stored).dataset();
        assertThat(header.getString(Tag.PatientName)).isEqualTo("Иванов^Иван^Петрович");
        assertThat(Dcmtk.run(files, "dcmdump", "-dc", stored.toString()).exitCode()).isZero();

        ImagingStudy study = await().atMost(Duration.ofSeconds(20)).until(() -> imagingStudies(
                "identifier=" + enc("urn:dicom:uid|urn:oid:" + STUDY)), list -> list.size() == 1).get(0);
        assertThat(study.getSubject().getReference()).isEqualTo("Patient/" + registered.getIdPart());
        assertThat(study.getNumberOfInstances()).isEqualTo(3);
        assertThat(study.getModalityFirstRep().getCode()).isEqualTo("CT");
        assertThat(imagingStudies("patient=" + registered.getIdPart())).hasSize(1);
        assertThat(imagingStudies("identifier=ACC-77")).hasSize(1);
        String ofPatient = "patient=" + registered.getIdPart() + "&";
        assertThat(imagingStudies(ofPatient + "modality=" + enc("http://dicom.nema.org/resources/ontology/DCM|CT"))).hasSize(1);
        assertThat(imagingStudies(ofPatient + "modality=MR")).isEmpty();
        assertThat(imagingStudies(ofPatient + "started=2026-11-30")).hasSize(1);
        assertThat(imagingStudies(ofPatient + "started=lt2026-11-01")).isEmpty();
        assertThat(imagingStudies(ofPatient + "_lastUpdated=ge2026-01-01")).hasSize(1);
        assertThat(broker.get("/fhir/ImagingStudy", null).statusCode()).isEqualTo(401);
    }

    @Test
    void findAtEveryLevelMatchesCyrillicNamesWithWildcards() throws Exception {
        String study = "1.2.826.0.1.3680043.8.498.77.2";
        Path slice = Dcmtk.fromDump(files, "find1", CtSlices.ctSlice("ISO_IR 144", "Петрова^Анна", "MRN-2002", study, study + ".1",
                study + ".1.1", 1, "ACC-88", "20261015"), ISO_8859_5);
        Dcmtk.ok(files, "storescu", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1", port(), slice.toString());

        List<Attributes> studies = find("-S", "QueryRetrieveLevel=STUDY", "SpecificCharacterSet=ISO_IR 192",
                "PatientName=Петров*", "StudyDate=20261001-20261031", "StudyInstanceUID", "AccessionNumber",
                "ModalitiesInStudy", "NumberOfStudyRelatedInstances");
        assertThat(studies).hasSize(1);
        assertThat(studies.get(0).getString(Tag.StudyInstanceUID)).isEqualTo(study);
        assertThat(studies.get(0).getString(Tag.AccessionNumber)).isEqualTo("ACC-88");
        assertThat(studies.get(0).getString(Tag.NumberOfStudyRelatedInstances)).isEqualTo("1");

        assertThat(find("-S", "QueryRetrieveLevel=STUDY", "SpecificCharacterSet=ISO_IR 192", "PatientName=Петров*",
                "StudyDate=20261101-", "StudyInstanceUID")).isEmpty();
        List<Attributes> patients = find("-P", "QueryRetrieveLevel=PATIENT", "PatientID=MRN-2002", "PatientName",
                "PatientBirthDate");
        assertThat(patients).singleElement().satisfies(p -> assertThat(p.getString(Tag.PatientName)).isEqualTo("Петрова^Анна"));
        Attributes inCyrillicSet = find("-S", "QueryRetrieveLevel=STUDY", "SpecificCharacterSet=ISO_IR 144",
                "PatientID=MRN-2002", "PatientName").get(0);
        assertThat(inCyrillicSet.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 144");
        assertThat(inCyrillicSet.getString(Tag.PatientName)).isEqualTo("Петрова^Анна");
        Attributes notHoldableInDefault = find("-S", "QueryRetrieveLevel=STUDY", "PatientID=MRN-2002", "PatientName").get(0);
        assertThat(notHoldableInDefault.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(notHoldableInDefault.getString(Tag.PatientName)).isEqualTo("Петрова^Анна");
        assertThat(find("-S", "QueryRetrieveLevel=SERIES", "StudyInstanceUID=" + study, "SeriesInstanceUID", "Modality"))
                .singleElement().satisfies(s -> assertThat(s.getString(Tag.Modality)).isEqualTo("CT"));
        assertThat(find("-S", "QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + study, "SeriesInstanceUID=" + study + ".1",
                "SOPInstanceUID", "InstanceNumber"))
                .singleElement().satisfies(i -> assertThat(i.getString(Tag.SOPInstanceUID)).isEqualTo(study + ".1.1"));
        assertThat(find("-S", "QueryRetrieveLevel=STUDY", "SpecificCharacterSet=ISO_IR 192", "PatientName=П?трова*",
                "StudyInstanceUID")).isNotEmpty();
    }

    @Test
    void secondObjectWithTheSameUidIsKeptAndAnsweredAsDuplicate() throws Exception {
        String study = "1.2.826.0.1.3680043.8.498.77.3";
        Path first = Dcmtk.fromDump(files, "dup1", CtSlices.ctSlice("ISO_IR 192", "Сидоров^Олег", "MRN-3003", study, study + ".1",
                study + ".1.1", 1, "ACC-99", "20261130"), StandardCharsets.UTF_8);
        Dcmtk.ok(files, "storescu", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1", port(), first.toString());
        Path storedFile = storage.resolve(study).resolve(study + ".1").resolve(study + ".1.1.dcm");
        byte[] before = Files.readAllBytes(storedFile);
        Path second = Dcmtk.fromDump(files, "dup2", CtSlices.ctSlice("ISO_IR 192", "Сидоров^Олег", "MRN-3003", study, study + ".1",
                study + ".1.1", 7, "ACC-99", "20261130"), StandardCharsets.UTF_8);
        Dcmtk.Result again = Dcmtk.run(files, "storescu", "-v", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1", port(),
                second.toString());
        assertThat(again.all()).contains("Received Store Response (Unknown Status: 0x111)");
        assertThat(Files.readAllBytes(storedFile)).isEqualTo(before);
    }

    @Test
    void secondObjectWithTheSameUidReplacesTheFirstUnderTheReplacePolicy() throws Exception {
        String study = "1.2.826.0.1.3680043.8.498.77.8";
        String replacePort = Integer.toString(broker.port("imaging-replace"));
        Path first = Dcmtk.fromDump(files, "rep1", CtSlices.ctSlice("ISO_IR 192", "Кузнецов^Антон", "MRN-8008", study,
                study + ".1", study + ".1.1", 1, "ACC-88", "20261130"), StandardCharsets.UTF_8);
        Dcmtk.ok(files, "storescu", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1", replacePort, first.toString());
        Path second = Dcmtk.fromDump(files, "rep2", CtSlices.ctSlice("ISO_IR 192", "Кузнецов^Антон", "MRN-8008", study,
                study + ".1", study + ".1.1", 7, "ACC-88", "20261130"), StandardCharsets.UTF_8);
        Dcmtk.Result again = Dcmtk.run(files, "storescu", "-v", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1", replacePort,
                second.toString());
        assertThat(again.all()).contains("Received Store Response (Success)");

        Path storedFile = replacing.resolve(study).resolve(study + ".1").resolve(study + ".1.1.dcm");
        assertThat(Part10.readDatasetUntilPixelData(storedFile).dataset().getString(Tag.InstanceNumber)).isEqualTo("7");
        try (Stream<Path> series = Files.list(storedFile.getParent())) {
            assertThat(series).containsExactly(storedFile);
        }
        assertThat(find("-S", "QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + study, "SeriesInstanceUID=" + study + ".1",
                "SOPInstanceUID", "InstanceNumber"))
                .singleElement().satisfies(i -> assertThat(i.getString(Tag.InstanceNumber)).isEqualTo("7"));
    }

    @Test
    void unwritableStoragePathAnswersOutOfResourcesAndStoresNothing() throws Exception {
        String study = "1.2.826.0.1.3680043.8.498.77.4";
        Files.createDirectories(storage);
        Files.writeString(storage.resolve(study), "a file where the study directory would go");
        Path slice = Dcmtk.fromDump(files, "full1", CtSlices.ctSlice("ISO_IR 192", "Orlov^Ilya", "MRN-4004", study, study + ".1",
                study + ".1.1", 1, "ACC-44", "20261130"), StandardCharsets.UTF_8);
        Dcmtk.Result result;
        try (LogCapture log = LogCapture.root()) {
            result = Dcmtk.run(files, "storescu", "-v", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1", port(),
                    slice.toString());
            assertThat(log.text()).contains("MB-0625").as("a storage path can hold patient data (the layout is configurable)")
                    .doesNotContain(study + ".1");
        }
        assertThat(result.all()).contains("Received Store Response (Refused: OutOfResources)");
        assertThat(find("-S", "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + study)).isEmpty();
        try (Stream<Path> leftovers = Files.list(storage.resolve(".incoming"))) {
            assertThat(leftovers).isEmpty();
        }
    }

    @Test
    void aCtStudyOfThreeHundredSlicesOverTwoAssociationsBecomesOneImagingStudy() throws Exception {
        String study = "1.2.826.0.1.3680043.8.498.77.7";
        Path dir = Files.createDirectories(files.resolve("ct300"));
        for (int i = 1; i <= 300; i++) {
            CtSlices.writeSlice(dir.resolve(String.format("%03d.dcm", i)), study, i, "Волков^Дмитрий", "MRN-7007", 512);
        }
        List<String> all;
        try (Stream<Path> listed = Files.list(dir)) {
            all = listed.map(Path::toString).sorted().toList();
        }
        Path firstLog = dir.resolve("first.log");
        Path secondLog = dir.resolve("second.log");
        Process first = storescu(all.subList(0, 150), firstLog);
        Process second = storescu(all.subList(150, 300), secondLog);
        int firstExit = first.waitFor();
        int secondExit = second.waitFor();
        assertThat(firstExit).as(read(firstLog)).isZero();
        assertThat(secondExit).as(read(secondLog)).isZero();

        ImagingStudy published = await().atMost(Duration.ofSeconds(30)).until(() -> imagingStudies(
                "identifier=" + enc("urn:dicom:uid|urn:oid:" + study)), list -> list.size() == 1
                && list.get(0).getNumberOfInstances() == 300).get(0);
        assertThat(published.getMeta().getVersionId()).as("one version for the whole study, not one per slice")
                .isIn("1", "2");
        try (Stream<Path> stored = Files.list(storage.resolve(study).resolve(study + ".1"))) {
            assertThat(stored.count()).isEqualTo(300);
        }
    }

    private Process storescu(List<String> paths, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("storescu", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1", port()));
        command.addAll(paths);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void demographicsThatDisagreeWithTheClinicsRecordAreFlagged() throws Exception {
        String ack;
        try (MllpTestClient hl7 = broker.client()) {
            ack = hl7.send("MSH|^~\\&|MIS|CLINIC|MEDBROKER|CLINIC|20261130090000||ADT^A04|IMG-ADT-6|P|2.5.1|||||||UNICODE UTF-8\r"
                    + "EVN|A04|20261130090000\r"
                    + "PID|1||MRN-6006^^^CLINIC^MR||Смирнов^Павел||19700101|M\r", StandardCharsets.UTF_8);
        }
        assertThat(MllpTestClient.field(ack, "MSA", 1)).isEqualTo("AA");
        broker.awaitApplied();
        String study = "1.2.826.0.1.3680043.8.498.77.6";
        String typedAgain = CtSlices.ctSlice("ISO_IR 192", "Смирнов^Павел", "MRN-6006", study, study + ".1", study + ".1.1", 1,
                "ACC-66", "20261130").replace("(0010,0030) DA [19800215]", "(0010,0030) DA [19700110]");
        Path slice = Dcmtk.fromDump(files, "conflict", typedAgain, StandardCharsets.UTF_8);
        Dcmtk.ok(files, "storescu", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1", port(), slice.toString());
        assertThat(broker.get("/metrics", null).body())
                .contains("medbroker_dicom_demographics_conflicts_total{listener=\"imaging\"} 1");
        Patient kept = parse(broker.get("/fhir/Patient?identifier=MRN-6006", TestBroker.TOKEN).body()).getEntry().stream()
                .map(e -> (Patient) e.getResource()).findFirst().orElseThrow();
        assertThat(kept.getBirthDateElement().getValueAsString()).isEqualTo("1970-01-01");
    }

    private List<ImagingStudy> imagingStudies(String query) throws Exception {
        String body = broker.get("/fhir/ImagingStudy?" + query, TestBroker.TOKEN).body();
        return parse(body).getEntry().stream().map(e -> (ImagingStudy) e.getResource()).toList();
    }

    /** findscu with -X: each response is written as a file, read back with our own Part 10 reader. */
    private List<Attributes> find(String model, String... keys) throws Exception {
        Path dir = Files.createTempDirectory(files, "find");
        List<String> command = new ArrayList<>(List.of("findscu", model, "-X", "-aet", "CT01", "-aec", "MEDBROKER",
                "127.0.0.1", port()));
        for (String key : keys) {
            command.add("-k");
            command.add(key);
        }
        Dcmtk.ok(dir, command.toArray(String[]::new));
        List<Attributes> responses = new ArrayList<>();
        try (Stream<Path> found = Files.list(dir)) {
            for (Path rsp : found.filter(p -> p.getFileName().toString().startsWith("rsp")).sorted().toList()) {
                responses.add(Part10.readDatasetUntilPixelData(rsp).dataset());
            }
        }
        return responses;
    }

    private static Bundle parse(String json) {
        return FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, json);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
