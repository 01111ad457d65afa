package org.medbroker.engine.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.medbroker.engine.store.resource.ResourceStore;

/** Hand-built FHIR resources for tests, and writing them the way the apply worker does. */
public final class Fhir {

    public static final String MRN_SYSTEM = "urn:oid:1.2.643.5.1.13.13.12.2.77.7973";
    public static final String LOINC = "http://loinc.org";
    public static final String LOCAL_CODES = "urn:medbroker:test-codes";
    public static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
    public static final String V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074";

    private Fhir() {
    }

    public static Patient patient(String id, String mrn, String family, String given, String birthDate, AdministrativeGender gender) {
        Patient patient = new Patient();
        patient.setId(id);
        patient.addIdentifier().setSystem(MRN_SYSTEM).setValue(mrn);
        patient.addName().setFamily(family).addGiven(given);
        patient.setBirthDateElement(new DateType(birthDate));
        patient.setGender(gender);
        return patient;
    }

    /** A lab Observation with a LOINC code and a local code, effective at a dateTime. */
    public static Observation observation(String id, String patientId, String loinc, String localCode, String effective,
            Observation.ObservationStatus status, double value) {
        Observation observation = new Observation();
        observation.setId(id);
        observation.addIdentifier().setSystem("urn:medbroker:obs").setValue("OBS-" + id);
        observation.setStatus(status);
        observation.addCategory(new CodeableConcept().addCoding(new Coding(CATEGORY_SYSTEM, "laboratory", "Laboratory")));
        observation.setCode(new CodeableConcept().addCoding(new Coding(LOINC, loinc, null)).addCoding(new Coding(LOCAL_CODES, localCode, null)));
        observation.setSubject(new Reference("Patient/" + patientId));
        observation.setEffective(new DateTimeType(effective));
        observation.setValue(new Quantity().setValue(value).setUnit("g/L"));
        return observation;
    }

    public static DiagnosticReport report(String id, String patientId, String loinc, String effective, String... resultIds) {
        DiagnosticReport report = new DiagnosticReport();
        report.setId(id);
        report.addIdentifier().setSystem("urn:medbroker:report").setValue("REP-" + id);
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        report.addCategory(new CodeableConcept().addCoding(new Coding(V2_0074, "LAB", "Laboratory")));
        report.setCode(new CodeableConcept().addCoding(new Coding(LOINC, loinc, null)));
        report.setSubject(new Reference("Patient/" + patientId));
        report.setEffective(new DateTimeType(effective));
        for (String resultId : resultIds) {
            report.addResult(new Reference("Observation/" + resultId));
        }
        return report;
    }

    public static ServiceRequest serviceRequest(String id, String patientId, String specimenId, String loinc, String authored) {
        ServiceRequest request = new ServiceRequest();
        request.setId(id);
        request.addIdentifier().setSystem("urn:medbroker:placer").setValue("ORD-" + id);
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.addCategory(new CodeableConcept().addCoding(new Coding("http://snomed.info/sct", "108252007", "Laboratory procedure")));
        request.setCode(new CodeableConcept().addCoding(new Coding(LOINC, loinc, null)));
        request.setSubject(new Reference("Patient/" + patientId));
        request.addSpecimen(new Reference("Specimen/" + specimenId));
        request.setAuthoredOnElement(new DateTimeType(authored));
        return request;
    }

    public static Specimen specimen(String id, String patientId, String barcode, String typeCode, String collected) {
        Specimen specimen = new Specimen();
        specimen.setId(id);
        specimen.addIdentifier().setSystem("urn:medbroker:barcode").setValue(barcode);
        specimen.setStatus(Specimen.SpecimenStatus.AVAILABLE);
        specimen.setType(new CodeableConcept().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v2-0487", typeCode, null)));
        specimen.setSubject(new Reference("Patient/" + patientId));
        specimen.getCollection().setCollected(new DateTimeType(collected));
        return specimen;
    }

    /** Upserts in one transaction, committed, like the journal apply worker. */
    public static List<ResourceStore.WriteOutcome> upsert(ResourceStore store, DataSource dataSource, Instant now, Resource... resources) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<ResourceStore.WriteOutcome> outcomes = new ArrayList<>();
                for (Resource resource : resources) {
                    outcomes.add(store.upsert(connection, resource, now));
                }
                connection.commit();
                return outcomes;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Date date(Instant instant) {
        return Date.from(instant);
    }
}
