package org.medbroker.engine.fhir;

import java.time.Instant;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Reference;
import org.medbroker.engine.store.resource.ResourceStore;
import org.medbroker.engine.testsupport.Fhir;

/**
 * The data the FHIR endpoint tests read: two patients (one with a Cyrillic name), seven
 * Observations, three DiagnosticReports, a ServiceRequest and a Specimen, written one second apart
 * from {@link #T0}; Observation o1 gets a second version at T0 + 20 s.
 */
final class ClinicData {

    static final Instant T0 = Instant.parse("2024-06-01T08:00:00Z");
    static final String FAMILY = "Иванова";
    static final String GIVEN = "Мария";
    static final String MRN = "MRN-001";

    private ClinicData() {
    }

    static void load(ResourceStore store, DataSource dataSource) {
        Fhir.upsert(store, dataSource, T0,
                Fhir.patient("p1", MRN, FAMILY, GIVEN, "1980-05-17", AdministrativeGender.FEMALE),
                Fhir.patient("p2", "MRN-002", "Petrov", "Ivan", "1975-01-02", AdministrativeGender.MALE),
                Fhir.specimen("s1", "p1", "BC-0001", "BLD", "2024-03-05T08:30:00Z"),
                Fhir.serviceRequest("sr1", "p1", "s1", "58410-2", "2024-03-04T09:00:00Z"));
        write(store, dataSource, 1, lab("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 130));
        write(store, dataSource, 2, lab("o2", "p1", "789-8", "RBC", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 4.5));
        write(store, dataSource, 3, lab("o3", "p1", "6690-2", "WBC", "2024-03-06T10:00:00Z", ObservationStatus.FINAL, 6.1));
        write(store, dataSource, 4, lab("o4", "p1", "718-7", "HGB", "2024-04-02T10:00:00Z", ObservationStatus.AMENDED, 128));
        write(store, dataSource, 5, lab("o5", "p1", "777-3", "PLT", "2024-02-20T10:00:00Z", ObservationStatus.PRELIMINARY, 250));
        write(store, dataSource, 6, Fhir.observation("o6", "p2", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 140));
        write(store, dataSource, 7, Fhir.observation("o7", "p2", "789-8", "RBC", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 5.0));
        write(store, dataSource, 8, Fhir.report("dr1", "p1", "58410-2", "2024-03-05T11:00:00Z", "o1", "o2", "o3"));
        write(store, dataSource, 9, Fhir.report("dr2", "p1", "58410-2", "2024-04-02T11:00:00Z", "o4"));
        write(store, dataSource, 10, Fhir.report("dr3", "p2", "58410-2", "2024-03-05T11:00:00Z", "o6", "o7"));
        write(store, dataSource, 20, lab("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 131));
    }

    private static Observation lab(String id, String patientId, String loinc, String local, String effective,
            ObservationStatus status, double value) {
        Observation observation = Fhir.observation(id, patientId, loinc, local, effective, status, value);
        observation.setSpecimen(new Reference("Specimen/s1"));
        observation.addBasedOn(new Reference("ServiceRequest/sr1"));
        return observation;
    }

    private static void write(ResourceStore store, DataSource dataSource, int secondsAfterT0, org.hl7.fhir.r4.model.Resource resource) {
        Fhir.upsert(store, dataSource, T0.plusSeconds(secondsAfterT0), resource);
    }
}
