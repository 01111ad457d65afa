package org.medbroker.engine.store.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.medbroker.engine.testsupport.Fhir;

class SearchIndexerTest {

    private final SearchIndexer indexer = new SearchIndexer();

    @Test
    void indexesAnObservationsSearchParameters() {
        Observation observation = Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 130);
        observation.setSpecimen(new Reference("Specimen/s1"));
        observation.addBasedOn(new Reference("ServiceRequest/sr1"));

        IndexEntries entries = indexer.index(observation);

        assertThat(entries.tokens()).containsExactlyInAnyOrder(
                new IndexEntries.Token("identifier", "urn:medbroker:obs", "OBS-o1"),
                new IndexEntries.Token("status", "http://hl7.org/fhir/observation-status", "final"),
                new IndexEntries.Token("category", Fhir.CATEGORY_SYSTEM, "laboratory"),
                new IndexEntries.Token("code", Fhir.LOINC, "718-7"),
                new IndexEntries.Token("code", Fhir.LOCAL_CODES, "HGB"));
        assertThat(entries.references()).containsExactlyInAnyOrder(
                new IndexEntries.Ref("subject", "Patient", "p1"),
                new IndexEntries.Ref("patient", "Patient", "p1"),
                new IndexEntries.Ref("specimen", "Specimen", "s1"),
                new IndexEntries.Ref("based-on", "ServiceRequest", "sr1"));
        assertThat(entries.dates()).containsExactly(new IndexEntries.DateEntry("date",
                new DateRange(Instant.parse("2024-03-05T10:00:00Z"), Instant.parse("2024-03-05T10:00:01Z"))));
    }

    @Test
    void skipsContainedUrnAndLogicalReferences() {
        Observation observation = Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 130);
        observation.setSubject(new Reference("#contained"));
        observation.setSpecimen(new Reference("urn:uuid:0f6b2c1e-8c8e-4d8f-9c44-2f1f1b0a6f01"));
        observation.addBasedOn(new Reference().setDisplay("no literal reference"));

        assertThat(indexer.index(observation).references()).isEmpty();
    }

    @Test
    void indexesPatientNamesNormalized() {
        IndexEntries entries = indexer.index(Fhir.patient("p1", "MRN-001", "Ёлкина", "Анна", "1980-05-17", AdministrativeGender.FEMALE));

        assertThat(entries.strings()).containsExactlyInAnyOrder(
                new IndexEntries.Text("family", "елкина"), new IndexEntries.Text("name", "елкина"),
                new IndexEntries.Text("given", "анна"), new IndexEntries.Text("name", "анна"));
        assertThat(entries.tokens()).contains(new IndexEntries.Token("gender", "http://hl7.org/fhir/administrative-gender", "female"));
    }

    @Test
    void dropsTokensTooLongForTheIndex() {
        Observation observation = Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 130);
        observation.getIdentifierFirstRep().setValue("x".repeat(IndexEntries.MAX_TOKEN_LENGTH + 1));

        assertThat(indexer.index(observation).tokens()).noneMatch(token -> token.param().equals("identifier"));
    }
}
