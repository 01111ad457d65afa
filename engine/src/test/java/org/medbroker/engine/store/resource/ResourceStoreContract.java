package org.medbroker.engine.store.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medbroker.engine.testsupport.Fhir.LOINC;
import static org.medbroker.engine.testsupport.Fhir.MRN_SYSTEM;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.testsupport.Fhir;
import org.medbroker.engine.testsupport.TestDatabase;

/** The resource store's behaviour, run on each database by a subclass; every test gets a fresh database. */
abstract class ResourceStoreContract {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Instant T0 = Instant.parse("2024-06-01T08:00:00.123Z");

    private TestDatabase database;
    private RecordStore recordStore;
    private ResourceStore store;

    abstract TestDatabase.Kind kind();

    @BeforeEach
    void openStore() {
        database = TestDatabase.create(kind());
        recordStore = database.open();
        store = new ResourceStore(recordStore.dataSource(), FHIR);
    }

    @AfterEach
    void closeStore() {
        if (recordStore != null) {
            recordStore.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void createsVersionOneAndStampsMeta() {
        Patient patient = Fhir.patient("p1", "MRN-001", "Иванова", "Мария", "1980-05-17", AdministrativeGender.FEMALE);

        ResourceStore.WriteOutcome outcome = upsert(T0, patient).get(0);

        assertThat(outcome).isEqualTo(new ResourceStore.WriteOutcome("Patient", "p1", 1, true));
        assertThat(patient.getMeta().getVersionId()).isEqualTo("1");
        assertThat(patient.getMeta().getLastUpdated().toInstant()).isEqualTo(T0);
        Patient read = (Patient) store.read("Patient", "p1").orElseThrow();
        assertThat(read.getIdElement().getValue()).isEqualTo("Patient/p1/_history/1");
        assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Иванова");
        assertThat(read.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Мария");
        assertThat(read.getMeta().getLastUpdated().toInstant()).isEqualTo(T0);
    }

    @Test
    void identicalContentIsANoOpThatReportsTheCurrentVersion() {
        upsert(T0, Fhir.patient("p1", "MRN-001", "Иванова", "Мария", "1980-05-17", AdministrativeGender.FEMALE));
        Patient again = Fhir.patient("p1", "MRN-001", "Иванова", "Мария", "1980-05-17", AdministrativeGender.FEMALE);

        ResourceStore.WriteOutcome outcome = upsert(T0.plusSeconds(60), again).get(0);

        assertThat(outcome).isEqualTo(new ResourceStore.WriteOutcome("Patient", "p1", 1, false));
        assertThat(again.getMeta().getVersionId()).isEqualTo("1");
        assertThat(again.getMeta().getLastUpdated().toInstant()).isEqualTo(T0);
        assertThat(store.historyCount(new HistoryQuery("Patient", "p1", null, Instant.now()))).isEqualTo(1);
    }

    @Test
    void metaWrittenByTheStoreIsIgnoredWhenComparing() {
        upsert(T0, Fhir.patient("p1", "MRN-001", "Иванова", "Мария", "1980-05-17", AdministrativeGender.FEMALE));
        Patient again = Fhir.patient("p1", "MRN-001", "Иванова", "Мария", "1980-05-17", AdministrativeGender.FEMALE);
        again.getMeta().setVersionId("7").setLastUpdated(Fhir.date(T0.minusSeconds(3600)));
        again.setIdElement(new IdType("Patient", "p1", "7"));

        assertThat(upsert(T0.plusSeconds(1), again).get(0).changed()).isFalse();
    }

    @Test
    void changedContentCreatesANewVersionAndKeepsTheOldOne() {
        upsert(T0, Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.PRELIMINARY, 130));
        Observation corrected = Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 131);

        ResourceStore.WriteOutcome outcome = upsert(T0.plusSeconds(10), corrected).get(0);

        assertThat(outcome).isEqualTo(new ResourceStore.WriteOutcome("Observation", "o1", 2, true));
        assertThat(((Observation) store.read("Observation", "o1").orElseThrow()).getStatus()).isEqualTo(ObservationStatus.FINAL);
        Observation first = (Observation) store.vread("Observation", "o1", 1).orElseThrow();
        assertThat(first.getStatus()).isEqualTo(ObservationStatus.PRELIMINARY);
        assertThat(first.getMeta().getVersionId()).isEqualTo("1");
        assertThat(store.vread("Observation", "o1", 3)).isEmpty();
        List<Resource> history = store.history(new HistoryQuery("Observation", "o1", null, Instant.now()), 0, 10);
        assertThat(history).extracting(r -> r.getIdElement().getVersionIdPart()).containsExactly("2", "1");
    }

    @Test
    void everyVersionOfABatchStaysReadableAndTheCurrentOneIsListedOnce() throws Exception {
        upsert(T0, Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.PRELIMINARY, 130));
        try (Connection connection = recordStore.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            List<ResourceStore.WriteOutcome> outcomes = store.upsertAll(connection, List.of(
                    Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 131),
                    Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.AMENDED, 132)),
                    T0.plusSeconds(10));
            connection.commit();
            connection.setAutoCommit(true);
            assertThat(outcomes).extracting(ResourceStore.WriteOutcome::versionId).containsExactly(2L, 3L);
        }

        assertThat(List.of(1L, 2L, 3L)).extracting(v -> ((Observation) store.vread("Observation", "o1", v).orElseThrow()).getStatus())
                .containsExactly(ObservationStatus.PRELIMINARY, ObservationStatus.FINAL, ObservationStatus.AMENDED);
        HistoryQuery all = new HistoryQuery("Observation", "o1", null, Instant.now());
        assertThat(store.historyCount(all)).isEqualTo(3);
        assertThat(store.history(all, 0, 10)).extracting(r -> r.getIdElement().getVersionIdPart()).containsExactly("3", "2", "1");
        assertThat(store.history(all, 2, 10)).extracting(r -> r.getIdElement().getVersionIdPart()).containsExactly("1");
        assertThat(ids(query("Observation", token("status", null, "amended")))).containsExactly("o1");
        assertThat(ids(query("Observation", token("status", null, "final")))).isEmpty();
    }

    @Test
    void anUnchangedResourceResentInALaterBatchMakesNoVersionAndKeepsItsIndex() {
        upsert(T0, Fhir.patient("p1", "MRN-001", "Иванова", "Мария", "1980-05-17", AdministrativeGender.FEMALE));
        for (int i = 1; i <= 3; i++) {
            ResourceStore.WriteOutcome outcome = upsert(T0.plusSeconds(i),
                    Fhir.patient("p1", "MRN-001", "Иванова", "Мария", "1980-05-17", AdministrativeGender.FEMALE)).get(0);
            assertThat(outcome.changed()).isFalse();
        }

        assertThat(store.historyCount(new HistoryQuery("Patient", "p1", null, Instant.now()))).isEqualTo(1);
        assertThat(store.vread("Patient", "p1", 2)).isEmpty();
        assertThat(store.read("Patient", "p1").orElseThrow().getMeta().getLastUpdated().toInstant()).isEqualTo(T0);
        assertThat(ids(query("Patient", token("identifier", MRN_SYSTEM, "MRN-001")))).containsExactly("p1");
    }

    @Test
    void aNewVersionKeepsOneIndexRowPerEntryAndFindsOnlyItsOwnValues() throws Exception {
        upsert(T0, Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.PRELIMINARY, 130));
        long rowsBefore = indexRows("o1");
        upsert(T0.plusSeconds(10), Fhir.observation("o1", "p2", "718-7", "HGB", "2024-03-06T10:00:00Z", ObservationStatus.PRELIMINARY, 131));

        assertThat(indexRows("o1")).isEqualTo(rowsBefore);
        assertThat(ids(query("Observation", ref("subject", "Patient", "p2"), token("code", LOINC, "718-7"),
                token("status", null, "preliminary"), date(DateComparator.EQ, DateRange.of(new DateTimeType("2024-03-06")))))).containsExactly("o1");
        assertThat(ids(query("Observation", ref("subject", "Patient", "p1")))).isEmpty();
        assertThat(ids(query("Observation", date(DateComparator.EQ, DateRange.of(new DateTimeType("2024-03-05")))))).isEmpty();
    }

    @Test
    void searchIndexFollowsTheNewestVersion() {
        upsert(T0, Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.PRELIMINARY, 130));
        upsert(T0.plusSeconds(10), Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 131));

        assertThat(ids(query("Observation", token("status", null, "preliminary")))).isEmpty();
        assertThat(ids(query("Observation", token("status", "http://hl7.org/fhir/observation-status", "final")))).containsExactly("o1");
    }

    @Test
    void writesNothingWhenTheCallerRollsBack() throws Exception {
        try (Connection connection = recordStore.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            store.upsert(connection, Fhir.patient("p1", "MRN-001", "Иванова", "Мария", "1980-05-17", AdministrativeGender.FEMALE), T0);
            connection.rollback();
            connection.setAutoCommit(true);
        }

        assertThat(store.read("Patient", "p1")).isEmpty();
        assertThat(store.count(SearchQuery.all("Patient"))).isZero();
        assertThat(store.count(query("Patient", token("identifier", null, "MRN-001")))).isZero();
    }

    @Test
    void refusesAResourceWithoutAValidId() throws Exception {
        Patient patient = Fhir.patient("p1", "MRN-001", "Иванова", "Мария", "1980-05-17", AdministrativeGender.FEMALE);
        patient.setIdElement(new IdType());
        try (Connection connection = recordStore.dataSource().getConnection()) {
            assertThatThrownBy(() -> store.upsert(connection, patient, T0)).hasMessageStartingWith("MB-0500");
            patient.setId("has space");
            assertThatThrownBy(() -> store.upsert(connection, patient, T0)).hasMessageStartingWith("MB-0500");
        }
    }

    @Test
    void findsIdentifiersBySystemAndValueByValueAndByMissingSystem() {
        upsert(T0,
                Fhir.patient("p1", "MRN-001", "Иванова", "Мария", "1980-05-17", AdministrativeGender.FEMALE),
                Fhir.patient("p2", "MRN-002", "Petrov", "Ivan", "1975-01-02", AdministrativeGender.MALE));
        Patient noSystem = Fhir.patient("p3", "X", "Sidorov", "Oleg", "1990-12-31", AdministrativeGender.MALE);
        noSystem.getIdentifierFirstRep().setSystem(null).setValue("MRN-001");
        upsert(T0.plusSeconds(1), noSystem);

        assertThat(ids(query("Patient", token("identifier", MRN_SYSTEM, "MRN-001")))).containsExactly("p1");
        assertThat(ids(query("Patient", token("identifier", null, "MRN-001")))).containsExactly("p1", "p3");
        assertThat(ids(query("Patient", token("identifier", "", "MRN-001")))).containsExactly("p3");
        assertThat(ids(query("Patient", token("identifier", MRN_SYSTEM, null)))).containsExactly("p1", "p2");
        assertThat(ids(query("Patient", token("gender", null, "male")))).containsExactly("p2", "p3");
    }

    @Test
    void findsBySubjectAndPatientReferences() {
        upsert(T0,
                Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 130),
                Fhir.observation("o2", "p2", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 120));
        Observation deviceSubject = Fhir.observation("o3", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 1);
        deviceSubject.getSubject().setReference("Device/p1");
        upsert(T0, deviceSubject);

        assertThat(ids(query("Observation", ref("patient", "Patient", "p1")))).containsExactly("o1");
        assertThat(ids(query("Observation", ref("subject", null, "p1")))).containsExactly("o1", "o3");
        assertThat(ids(query("Observation", ref("subject", "Patient", "p1")))).containsExactly("o1");
        assertThat(ids(query("Observation", ref("subject", "Device", "p1")))).containsExactly("o3");
    }

    @Test
    void findsCodesByAnyCoding() {
        upsert(T0,
                Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 130),
                Fhir.observation("o2", "p1", "789-8", "RBC", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 4.5));

        assertThat(ids(query("Observation", token("code", LOINC, "718-7")))).containsExactly("o1");
        assertThat(ids(query("Observation", token("code", null, "RBC")))).containsExactly("o2");
        assertThat(ids(query("Observation", token("code", LOINC, "RBC")))).isEmpty();
    }

    @Test
    void datesMatchAtTheirPrecisionWithEveryPrefix() {
        upsert(T0,
                Fhir.observation("feb28", "p1", "718-7", "HGB", "2024-02-28T10:00:00Z", ObservationStatus.FINAL, 1),
                Fhir.observation("mar05", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 1),
                Fhir.observation("mar31", "p1", "718-7", "HGB", "2024-03-31T23:59:59Z", ObservationStatus.FINAL, 1),
                Fhir.observation("apr01", "p1", "718-7", "HGB", "2024-04-01T00:00:00Z", ObservationStatus.FINAL, 1),
                Fhir.observation("day", "p1", "718-7", "HGB", "2024-03-20", ObservationStatus.FINAL, 1));
        Observation period = Fhir.observation("span", "p1", "718-7", "HGB", "2024-03-10T00:00:00Z", ObservationStatus.FINAL, 1);
        period.setEffective(new Period().setStartElement(new DateTimeType("2024-03-30T12:00:00Z")).setEndElement(new DateTimeType("2024-04-02T12:00:00Z")));
        upsert(T0, period);

        DateRange march = DateRange.of(new DateTimeType("2024-03"));
        assertThat(ids(query("Observation", date(DateComparator.EQ, march)))).containsExactlyInAnyOrder("mar05", "mar31", "day");
        assertThat(ids(query("Observation", date(DateComparator.NE, march)))).containsExactlyInAnyOrder("feb28", "apr01", "span");
        assertThat(ids(query("Observation", date(DateComparator.GT, march)))).containsExactlyInAnyOrder("apr01", "span");
        assertThat(ids(query("Observation", date(DateComparator.GE, march))))
                .containsExactlyInAnyOrder("mar05", "mar31", "apr01", "day", "span");
        assertThat(ids(query("Observation", date(DateComparator.LT, march)))).containsExactlyInAnyOrder("feb28");
        assertThat(ids(query("Observation", date(DateComparator.LE, march))))
                .containsExactlyInAnyOrder("feb28", "mar05", "mar31", "day", "span");
        assertThat(ids(query("Observation", date(DateComparator.SA, march)))).containsExactlyInAnyOrder("apr01");
        assertThat(ids(query("Observation", date(DateComparator.EB, march)))).containsExactlyInAnyOrder("feb28");
        assertThat(ids(query("Observation", date(DateComparator.EQ, DateRange.of(new DateTimeType("2024-03-05")))))).containsExactly("mar05");
        assertThat(ids(query("Observation", date(DateComparator.EQ, DateRange.of(new DateTimeType("2024-03-20T00:00:00Z")))))).isEmpty();
        assertThat(ids(query("Observation", date(DateComparator.EQ, DateRange.of(new DateTimeType("2024-03-31T23:59:59Z")))))).containsExactly("mar31");
    }

    @Test
    void lastUpdatedComparesTheWriteMillisecond() {
        upsert(T0, Fhir.patient("a", "A", "A", "A", "1980-01-01", AdministrativeGender.MALE));
        upsert(T0.plusMillis(1), Fhir.patient("b", "B", "B", "B", "1980-01-01", AdministrativeGender.MALE));
        upsert(T0.plusSeconds(5), Fhir.patient("c", "C", "C", "C", "1980-01-01", AdministrativeGender.MALE));
        DateRange atT0 = DateRange.ofInstant(T0);

        assertThat(ids(lastUpdated(DateComparator.GT, atT0))).containsExactly("b", "c");
        assertThat(ids(lastUpdated(DateComparator.GE, atT0))).containsExactly("a", "b", "c");
        assertThat(ids(lastUpdated(DateComparator.EQ, atT0))).containsExactly("a");
        assertThat(ids(lastUpdated(DateComparator.LT, DateRange.ofInstant(T0.plusMillis(1))))).containsExactly("a");
        assertThat(ids(lastUpdated(DateComparator.LE, DateRange.ofInstant(T0.plusMillis(1))))).containsExactly("a", "b");
        DateRange theSecond = DateRange.of(new DateTimeType("2024-06-01T08:00:00Z"));
        assertThat(ids(lastUpdated(DateComparator.EQ, theSecond))).containsExactly("a", "b");
        assertThat(ids(lastUpdated(DateComparator.GT, theSecond))).containsExactly("c");
    }

    @Test
    void orsValuesWithinACriterionAndAndsCriteria() {
        upsert(T0,
                Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 1),
                Fhir.observation("o2", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.AMENDED, 1),
                Fhir.observation("o3", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.PRELIMINARY, 1),
                Fhir.observation("o4", "p1", "789-8", "RBC", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 1));
        Criterion finalOrAmended = new Criterion.Token("status",
                List.of(new Criterion.TokenMatch(null, "final"), new Criterion.TokenMatch(null, "amended")));

        assertThat(ids(query("Observation", finalOrAmended))).containsExactly("o1", "o2", "o4");
        assertThat(ids(query("Observation", finalOrAmended, token("code", LOINC, "718-7")))).containsExactly("o1", "o2");
        assertThat(ids(query("Observation", new Criterion.Id(List.of("o3", "o4", "nope"))))).containsExactly("o3", "o4");
    }

    @Test
    void pagesByOffsetOrAfterASortKeyInEitherOrder() {
        for (int i = 1; i <= 5; i++) {
            upsert(T0.plusSeconds(i), Fhir.patient("p" + i, "MRN-" + i, "F" + i, "G", "1980-01-01", AdministrativeGender.MALE));
        }
        SearchQuery oldestFirst = SearchQuery.all("Patient");
        SearchQuery newestFirst = new SearchQuery("Patient", List.of(), SearchQuery.Order.NEWEST_FIRST);

        assertThat(store.count(oldestFirst)).isEqualTo(5);
        assertThat(ids(store.search(oldestFirst, PageRequest.ofOffset(2, 2)))).containsExactly("p3", "p4");
        assertThat(pageThrough(oldestFirst, 2)).containsExactly("p1", "p2", "p3", "p4", "p5");
        assertThat(pageThrough(newestFirst, 2)).containsExactly("p5", "p4", "p3", "p2", "p1");
    }

    @Test
    void keysetPagingNeitherSkipsNorRepeatsWhenAResourceChangesBetweenPages() {
        for (int i = 1; i <= 4; i++) {
            upsert(T0, Fhir.patient("p" + i, "MRN-" + i, "F" + i, "G", "1980-01-01", AdministrativeGender.MALE));
        }
        SearchQuery all = SearchQuery.all("Patient");
        List<Resource> first = store.search(all, PageRequest.ofOffset(0, 2));
        upsert(T0.plusSeconds(1), Fhir.patient("p1", "MRN-1", "Changed", "G", "1980-01-01", AdministrativeGender.MALE));

        List<Resource> second = store.search(all, PageRequest.after(SortKey.of(first.get(1)), 2));
        List<Resource> third = store.search(all, PageRequest.after(SortKey.of(second.get(1)), 2));

        assertThat(ids(first)).containsExactly("p1", "p2");
        assertThat(ids(second)).containsExactly("p3", "p4");
        assertThat(ids(third)).containsExactly("p1");
    }

    @Test
    void resolvesIncludedResultsOnceEach() {
        upsert(T0,
                Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 1),
                Fhir.observation("o2", "p1", "789-8", "RBC", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 1),
                Fhir.report("r1", "p1", "58410-2", "2024-03-05T11:00:00Z", "o1", "o2", "missing"),
                Fhir.report("r2", "p1", "58410-2", "2024-03-05T11:00:00Z", "o2"));

        List<Resource> included = store.referencedBy("DiagnosticReport", "result", List.of("r1", "r2"));

        assertThat(included).extracting(r -> r.getIdElement().toUnqualifiedVersionless().getValue())
                .containsExactly("Observation/o1", "Observation/o2");
        assertThat(ids(query("DiagnosticReport", ref("result", "Observation", "o2")))).containsExactly("r1", "r2");
    }

    @Test
    void typeHistoryIsNewestFirstAndHonoursSince() {
        upsert(T0, Fhir.patient("p1", "MRN-1", "A", "G", "1980-01-01", AdministrativeGender.MALE));
        upsert(T0.plusSeconds(1), Fhir.patient("p2", "MRN-2", "B", "G", "1980-01-01", AdministrativeGender.MALE));
        upsert(T0.plusSeconds(2), Fhir.patient("p1", "MRN-1", "A2", "G", "1980-01-01", AdministrativeGender.MALE));

        HistoryQuery all = new HistoryQuery("Patient", null, null, Instant.now());
        assertThat(store.historyCount(all)).isEqualTo(3);
        assertThat(store.history(all, 0, 10)).extracting(r -> r.getIdElement().toUnqualified().getValue())
                .containsExactly("Patient/p1/_history/2", "Patient/p2/_history/1", "Patient/p1/_history/1");
        assertThat(store.history(all, 1, 1)).extracting(r -> r.getIdElement().getIdPart()).containsExactly("p2");
        HistoryQuery since = new HistoryQuery("Patient", null, T0.plusSeconds(1), Instant.now());
        assertThat(store.historyCount(since)).isEqualTo(2);
        HistoryQuery pinned = new HistoryQuery("Patient", null, null, T0.plusSeconds(1));
        assertThat(store.historyCount(pinned)).isEqualTo(2);
    }

    @Test
    void namesMatchByPrefixIgnoringCaseAndDiacritics() {
        upsert(T0,
                Fhir.patient("p1", "MRN-001", "Ёлкина", "Анна", "1980-05-17", AdministrativeGender.FEMALE),
                Fhir.patient("p2", "MRN-002", "Müller", "Jürgen", "1975-01-02", AdministrativeGender.MALE),
                Fhir.patient("p3", "MRN-003", "100%_sure", "X", "1975-01-02", AdministrativeGender.MALE));

        assertThat(ids(query("Patient", text("name", "ЕЛК")))).containsExactly("p1");
        assertThat(ids(query("Patient", text("family", "ёлкина")))).containsExactly("p1");
        assertThat(ids(query("Patient", text("given", "анн")))).containsExactly("p1");
        assertThat(ids(query("Patient", text("name", "нна")))).isEmpty();
        assertThat(ids(query("Patient", text("name", "muller")))).containsExactly("p2");
        assertThat(ids(query("Patient", text("name", "jurg")))).containsExactly("p2");
        assertThat(ids(query("Patient", text("family", "100%")))).containsExactly("p3");
        assertThat(ids(query("Patient", text("family", "1_0")))).isEmpty();
    }

    @Test
    void indexesServiceRequestsAndSpecimens() {
        upsert(T0,
                Fhir.serviceRequest("sr1", "p1", "s1", "58410-2", "2024-03-04T09:00:00Z"),
                Fhir.specimen("s1", "p1", "BC-0001", "BLD", "2024-03-05T08:30:00Z"));

        assertThat(ids(query("ServiceRequest", ref("patient", "Patient", "p1"), ref("specimen", "Specimen", "s1"),
                token("status", null, "active"), new Criterion.Date("authored", List.of(
                        new Criterion.DateMatch(DateComparator.EQ, DateRange.of(new DateTimeType("2024-03-04")))))))).containsExactly("sr1");
        assertThat(ids(query("Specimen", token("identifier", "urn:medbroker:barcode", "BC-0001"), token("type", null, "BLD"),
                new Criterion.Date("collected", List.of(
                        new Criterion.DateMatch(DateComparator.EQ, DateRange.of(new DateTimeType("2024-03")))))))).containsExactly("s1");
    }

    @Test
    void keepsReportsWithoutOptionalElements() {
        DiagnosticReport bare = new DiagnosticReport();
        bare.setId("bare");
        bare.setStatus(DiagnosticReport.DiagnosticReportStatus.REGISTERED);
        upsert(T0, bare);

        assertThat(ids(query("DiagnosticReport", token("status", null, "registered")))).containsExactly("bare");
    }

    private long indexRows(String id) throws Exception {
        try (Connection connection = recordStore.dataSource().getConnection();
             java.sql.PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM resource_index WHERE res_id = ?")) {
            statement.setString(1, id);
            try (java.sql.ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private List<ResourceStore.WriteOutcome> upsert(Instant now, Resource... resources) {
        return Fhir.upsert(store, recordStore.dataSource(), now, resources);
    }

    private List<String> pageThrough(SearchQuery query, int size) {
        List<String> seen = new ArrayList<>();
        SortKey after = null;
        while (true) {
            List<Resource> page = store.search(query, after == null ? PageRequest.ofOffset(0, size) : PageRequest.after(after, size));
            if (page.isEmpty()) {
                return seen;
            }
            seen.addAll(ids(page));
            after = SortKey.of(page.get(page.size() - 1));
        }
    }

    private List<String> ids(SearchQuery query) {
        return ids(store.search(query, PageRequest.ofOffset(0, 100)));
    }

    private static List<String> ids(List<Resource> resources) {
        return resources.stream().map(r -> r.getIdElement().getIdPart()).toList();
    }

    private static SearchQuery query(String type, Criterion... criteria) {
        return new SearchQuery(type, List.of(criteria), SearchQuery.Order.OLDEST_FIRST);
    }

    private static SearchQuery lastUpdated(DateComparator comparator, DateRange range) {
        return query("Patient", new Criterion.LastUpdated(List.of(new Criterion.DateMatch(comparator, range))));
    }

    private static Criterion token(String param, String system, String code) {
        return new Criterion.Token(param, List.of(new Criterion.TokenMatch(system, code)));
    }

    private static Criterion ref(String param, String type, String id) {
        return new Criterion.Reference(param, List.of(new Criterion.ReferenceMatch(type, id)));
    }

    private static Criterion date(DateComparator comparator, DateRange range) {
        return new Criterion.Date("date", List.of(new Criterion.DateMatch(comparator, range)));
    }

    private static Criterion text(String param, String prefix) {
        return new Criterion.Text(param, List.of(prefix));
    }
}
