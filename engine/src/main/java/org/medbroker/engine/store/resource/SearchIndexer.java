package org.medbroker.engine.store.resource;

import java.util.List;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Extracts the search parameters this server answers from a resource, named as in the FHIR R4
 * search parameter registry. Types without search support get no index rows.
 */
final class SearchIndexer {

    IndexEntries index(Resource resource) {
        IndexEntries.Builder rows = IndexEntries.builder();
        if (resource instanceof Patient) {
            patient((Patient) resource, rows);
        } else if (resource instanceof Observation) {
            observation((Observation) resource, rows);
        } else if (resource instanceof DiagnosticReport) {
            diagnosticReport((DiagnosticReport) resource, rows);
        } else if (resource instanceof ServiceRequest) {
            serviceRequest((ServiceRequest) resource, rows);
        } else if (resource instanceof Specimen) {
            specimen((Specimen) resource, rows);
        } else if (resource instanceof ImagingStudy) {
            imagingStudy((ImagingStudy) resource, rows);
        }
        return rows.build();
    }

    private static void patient(Patient patient, IndexEntries.Builder rows) {
        identifiers("identifier", patient.getIdentifier(), rows);
        status("gender", patient.getGenderElement(), rows);
        if (patient.hasBirthDateElement()) {
            rows.date("birthdate", DateRange.of(patient.getBirthDateElement()));
        }
        for (HumanName name : patient.getName()) {
            if (name.hasFamily()) {
                rows.text("family", name.getFamily()).text("name", name.getFamily());
            }
            for (StringType given : name.getGiven()) {
                rows.text("given", given.getValue()).text("name", given.getValue());
            }
            rows.text("name", name.getText());
        }
    }

    private static void observation(Observation observation, IndexEntries.Builder rows) {
        identifiers("identifier", observation.getIdentifier(), rows);
        status("status", observation.getStatusElement(), rows);
        concept("code", observation.getCode(), rows);
        concepts("category", observation.getCategory(), rows);
        subject(observation.getSubject(), rows);
        reference("specimen", observation.getSpecimen(), rows);
        references("based-on", observation.getBasedOn(), rows);
        date("date", observation.getEffective(), rows);
    }

    private static void diagnosticReport(DiagnosticReport report, IndexEntries.Builder rows) {
        identifiers("identifier", report.getIdentifier(), rows);
        status("status", report.getStatusElement(), rows);
        concept("code", report.getCode(), rows);
        concepts("category", report.getCategory(), rows);
        subject(report.getSubject(), rows);
        references("result", report.getResult(), rows);
        references("based-on", report.getBasedOn(), rows);
        references("specimen", report.getSpecimen(), rows);
        date("date", report.getEffective(), rows);
    }

    private static void serviceRequest(ServiceRequest request, IndexEntries.Builder rows) {
        identifiers("identifier", request.getIdentifier(), rows);
        status("status", request.getStatusElement(), rows);
        concept("code", request.getCode(), rows);
        concepts("category", request.getCategory(), rows);
        subject(request.getSubject(), rows);
        references("specimen", request.getSpecimen(), rows);
        if (request.hasAuthoredOnElement()) {
            rows.date("authored", DateRange.of(request.getAuthoredOnElement()));
        }
    }

    private static void specimen(Specimen specimen, IndexEntries.Builder rows) {
        identifiers("identifier", specimen.getIdentifier(), rows);
        if (specimen.hasAccessionIdentifier()) {
            identifiers("accession", List.of(specimen.getAccessionIdentifier()), rows);
        }
        status("status", specimen.getStatusElement(), rows);
        concept("type", specimen.getType(), rows);
        subject(specimen.getSubject(), rows);
        if (specimen.hasCollection()) {
            date("collected", specimen.getCollection().getCollected(), rows);
        }
    }

    private static void imagingStudy(ImagingStudy study, IndexEntries.Builder rows) {
        identifiers("identifier", study.getIdentifier(), rows);
        status("status", study.getStatusElement(), rows);
        subject(study.getSubject(), rows);
        for (Coding modality : study.getModality()) {
            rows.token("modality", modality.getSystem(), modality.getCode());
        }
        for (ImagingStudy.ImagingStudySeriesComponent series : study.getSeries()) {
            rows.token("series", null, series.getUid());
        }
        if (study.hasStartedElement()) {
            rows.date("started", DateRange.of(study.getStartedElement()));
        }
    }

    private static void identifiers(String param, List<Identifier> identifiers, IndexEntries.Builder rows) {
        for (Identifier identifier : identifiers) {
            rows.token(param, identifier.getSystem(), identifier.getValue());
        }
    }

    private static void status(String param, Enumeration<?> status, IndexEntries.Builder rows) {
        if (status != null && status.hasValue()) {
            rows.token(param, status.getSystem(), status.getValueAsString());
        }
    }

    private static void concepts(String param, List<CodeableConcept> concepts, IndexEntries.Builder rows) {
        for (CodeableConcept concept : concepts) {
            concept(param, concept, rows);
        }
    }

    private static void concept(String param, CodeableConcept concept, IndexEntries.Builder rows) {
        if (concept == null) {
            return;
        }
        for (Coding coding : concept.getCoding()) {
            rows.token(param, coding.getSystem(), coding.getCode());
        }
    }

    /** subject, and patient when the subject is a Patient. */
    private static void subject(Reference subject, IndexEntries.Builder rows) {
        reference("subject", subject, rows);
        IdType target = literal(subject);
        if (target != null && "Patient".equals(typeOf(subject, target))) {
            rows.reference("patient", "Patient", target.getIdPart());
        }
    }

    private static void references(String param, List<Reference> references, IndexEntries.Builder rows) {
        for (Reference reference : references) {
            reference(param, reference, rows);
        }
    }

    private static void reference(String param, Reference reference, IndexEntries.Builder rows) {
        IdType target = literal(reference);
        if (target != null) {
            rows.reference(param, typeOf(reference, target), target.getIdPart());
        }
    }

    /** The target of a literal reference ({@code Type/id} or an absolute URL); null for contained, urn: or logical ones. */
    private static IdType literal(Reference reference) {
        if (reference == null || !reference.hasReference()) {
            return null;
        }
        String value = reference.getReference();
        if (value.startsWith("#") || value.startsWith("urn:")) {
            return null;
        }
        IdType id = new IdType(value);
        return id.hasIdPart() ? id : null;
    }

    private static String typeOf(Reference reference, IdType target) {
        if (target.hasResourceType()) {
            return target.getResourceType();
        }
        return reference.hasType() ? reference.getType() : "";
    }

    private static void date(String param, Type value, IndexEntries.Builder rows) {
        if (value instanceof BaseDateTimeType && ((BaseDateTimeType) value).getValue() != null) {
            rows.date(param, DateRange.of((BaseDateTimeType) value));
        } else if (value instanceof Period) {
            DateRange.of((Period) value).ifPresent(range -> rows.date(param, range));
        }
    }
}
