package org.medbroker.mappings.astm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.connectors.astm.record.AstmMessage;
import org.medbroker.connectors.astm.record.AstmMessage.OrderGroup;
import org.medbroker.connectors.astm.record.AstmMessage.PatientGroup;
import org.medbroker.connectors.astm.record.AstmMessage.ResultGroup;
import org.medbroker.connectors.astm.record.AstmRecord;
import org.medbroker.mappings.hl7v2.StableIds;

/**
 * An E1394 message to FHIR R4 (LIS2-A2 record by record):
 *
 * <ul>
 *   <li>P → Patient with the ids of P.3, P.4 and P.5 (systems from {@link AstmMappingOptions}), name P.6,
 *       birth date P.8, sex P.9; only when the P record carries an id and not all its orders matched
 *       (a matched order's patient is the subject).</li>
 *   <li>O → matched by specimen id (O.3) to a {@link MatchedOrder} the caller found; a matched order with
 *       results gets one DiagnosticReport grouping them.</li>
 *   <li>R → Observation: code through the {@link AnalyzerCodeMap} (LOINC plus the analyzer's own code; an
 *       unmapped code is kept with the analyzer's system and tagged), value R.4 with unit R.5, range R.6,
 *       flags R.7, status R.9 (preliminary when the order is unknown), completion time R.13, instrument
 *       R.14 (or the sender H.5).</li>
 * </ul>
 *
 * Ids are stable (analyzer, sender, specimen, test), so a repeated or corrected result becomes a new
 * version of the same Observation. Stateless and thread-safe.
 */
public final class AstmToFhirMapper {

    /** The tag on resources a person has to review, and its codes. */
    public static final String REVIEW_TAG_SYSTEM = "urn:medbroker:review";
    public static final String SPECIMEN_ID_SYSTEM = "urn:medbroker:astm:specimen-id";
    static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String REPORT_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0074";
    static final String LOINC = "http://loinc.org";

    private final AstmMappingOptions options;

    public AstmToFhirMapper(AstmMappingOptions options) {
        this.options = options;
    }

    /** The specimen id an O record names (O.3), as {@link AstmMappingOptions#specimenId} reads it. */
    public String specimenId(AstmRecord.Order order) {
        return options.specimenId(order.specimenId().repeats().get(0), false);
    }

    /** Every specimen id the message's O records name, for the caller to look up. */
    public Set<String> specimenIds(AstmMessage message) {
        Set<String> ids = new LinkedHashSet<>();
        message.orders().map(this::specimenId).filter(s -> !s.isEmpty()).forEach(ids::add);
        return ids;
    }

    public AstmMappingResult map(AstmMessage message, AnalyzerCodeMap codes, Map<String, MatchedOrder> orders) {
        String sender = message.header().sender().first().strip();
        Optional<DateTimeType> sentAt = AstmTimestamps.dateTime(message.header().timestamp(), options.zone());
        List<Resource> resources = new ArrayList<>();
        List<UnmatchedResult> unmatched = new ArrayList<>();
        for (PatientGroup group : message.patients()) {
            Optional<Patient> patient = patient(group.patient());
            boolean patientNeeded = false;
            int orderIndex = 0;
            for (OrderGroup orderGroup : group.orders()) {
                orderIndex++;
                String specimenId = specimenId(orderGroup.order());
                MatchedOrder matched = specimenId.isEmpty() ? null : orders.get(specimenId);
                Reference subject = matched != null && matched.patientId() != null
                        ? new Reference("Patient/" + matched.patientId())
                        : patient.map(p -> new Reference("Patient/" + p.getIdPart())).orElse(null);
                patientNeeded |= matched == null || matched.patientId() == null;
                String orderKey = specimenId.isEmpty()
                        ? "no-specimen" + '/' + message.header().timestamp() + '/' + group.patient().sequence() + '/' + orderIndex
                        : specimenId;
                List<Observation> observations = new ArrayList<>();
                for (ResultGroup resultGroup : orderGroup.results()) {
                    Observation observation = observation(resultGroup, codes, sender, orderKey, subject, matched, sentAt, unmatched,
                            specimenId);
                    observations.add(observation);
                }
                resources.addAll(observations);
                if (matched != null && !observations.isEmpty()) {
                    resources.add(report(observations, codes, sender, orderKey, specimenId, subject, matched, sentAt));
                }
            }
            if (patientNeeded && patient.isPresent()) {
                resources.add(0, patient.get());
            }
        }
        return new AstmMappingResult(sender, resources, unmatched);
    }

    private Optional<Patient> patient(AstmRecord.Patient p) {
        Patient patient = new Patient();
        addIdentifier(patient, "P.3", p.practicePatientId());
        addIdentifier(patient, "P.4", p.laboratoryPatientId());
        addIdentifier(patient, "P.5", p.patientId3());
        if (!patient.hasIdentifier()) {
            return Optional.empty();
        }
        Identifier first = patient.getIdentifierFirstRep();
        patient.setId("Patient/" + StableIds.patient(first.getSystem(), first.getValue()));
        AstmRecord.PatientName name = p.name();
        if (!name.last().isBlank() || !name.first().isBlank()) {
            HumanName human = patient.addName();
            if (!name.last().isBlank()) {
                human.setFamily(name.last().strip());
            }
            if (!name.first().isBlank()) {
                human.addGiven(name.first().strip());
            }
            if (!name.middle().isBlank()) {
                human.addGiven(name.middle().strip());
            }
        }
        AstmTimestamps.date(p.birthDate()).ifPresent(patient::setBirthDateElement);
        switch (p.sex().strip().toUpperCase(java.util.Locale.ROOT)) {
            case "M" -> patient.setGender(AdministrativeGender.MALE);
            case "F" -> patient.setGender(AdministrativeGender.FEMALE);
            case "U" -> patient.setGender(AdministrativeGender.UNKNOWN);
            case "O" -> patient.setGender(AdministrativeGender.OTHER);
            default -> { }
        }
        return Optional.of(patient);
    }

    private void addIdentifier(Patient patient, String field, String value) {
        String v = value == null ? "" : value.strip();
        if (!v.isEmpty()) {
            patient.addIdentifier().setSystem(options.systemFor(field)).setValue(v);
        }
    }

    private Observation observation(ResultGroup group, AnalyzerCodeMap codes, String sender, String orderKey, Reference subject,
            MatchedOrder matched, Optional<DateTimeType> sentAt, List<UnmatchedResult> unmatched, String specimenId) {
        AstmRecord.Result r = group.result();
        String testCode = r.test().code();
        Optional<CodeMapEntry> mapped = codes.lookup(testCode);
        Observation observation = new Observation();
        observation.setId("Observation/" + StableIds.of("Observation", "astm", codes.name(), sender, orderKey, testCode));
        observation.setStatus(ResultValues.status(r.status()));
        if (matched == null && observation.getStatus() != Observation.ObservationStatus.CANCELLED) {
            observation.setStatus(Observation.ObservationStatus.PRELIMINARY);
        }
        observation.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "laboratory", "Laboratory")));
        CodeableConcept code = new CodeableConcept();
        mapped.ifPresent(m -> code.addCoding(new Coding(LOINC, m.loinc(), m.display())));
        code.addCoding(new Coding(codes.analyzerSystem(), testCode, null));
        code.setText(mapped.map(CodeMapEntry::display).orElse(testCode));
        observation.setCode(code);
        if (subject != null) {
            observation.setSubject(subject.copy());
        }
        if (matched != null) {
            observation.addBasedOn(new Reference("ServiceRequest/" + matched.serviceRequestId()));
        }
        if (!specimenId.isEmpty()) {
            observation.addIdentifier().setSystem(SPECIMEN_ID_SYSTEM + ":" + codes.name()).setValue(specimenId + "/" + testCode);
        }
        AstmTimestamps.dateTime(r.completedAt(), options.zone()).or(() -> sentAt.map(DateTimeType::copy))
                .ifPresent(observation::setEffective);
        ResultValues.Unit unit = ResultValues.Unit.of(r.units(), mapped);
        ResultValues.setValue(observation, r.value(), unit);
        ResultValues.referenceRange(r.raw().field(6), unit).ifPresent(observation::addReferenceRange);
        ResultValues.addInterpretations(observation, r.raw().field(7));
        String instrument = r.instrumentId().isBlank() ? sender : r.instrumentId().strip();
        if (!instrument.isEmpty()) {
            observation.setDevice(new Reference().setDisplay(instrument));
        }
        for (AstmRecord.Comment comment : group.comments()) {
            String text = String.join(" ", comment.text().repeats().stream().flatMap(List::stream)
                    .filter(s -> !s.isBlank()).map(String::strip).toList());
            if (!text.isEmpty()) {
                observation.addNote().setText(text);
            }
        }
        String id = observation.getIdPart();
        if (mapped.isEmpty()) {
            observation.getMeta().addTag(REVIEW_TAG_SYSTEM, "unmapped-code", "Analyzer test code not in the code map");
            unmatched.add(new UnmatchedResult(id, specimenId, testCode, UnmatchedResult.Reason.UNMAPPED_CODE));
        }
        if (matched == null) {
            observation.getMeta().addTag(REVIEW_TAG_SYSTEM, "no-order", "No order found for the specimen id");
            unmatched.add(new UnmatchedResult(id, specimenId, testCode, UnmatchedResult.Reason.NO_ORDER));
        }
        return observation;
    }

    private DiagnosticReport report(List<Observation> observations, AnalyzerCodeMap codes, String sender, String orderKey,
            String specimenId, Reference subject, MatchedOrder matched, Optional<DateTimeType> sentAt) {
        DiagnosticReport report = new DiagnosticReport();
        report.setId("DiagnosticReport/" + StableIds.of("DiagnosticReport", "astm", codes.name(), sender, orderKey));
        report.addIdentifier().setSystem(SPECIMEN_ID_SYSTEM + ":" + codes.name()).setValue(specimenId);
        report.setStatus(reportStatus(observations));
        report.addCategory(new CodeableConcept(new Coding(REPORT_CATEGORY_SYSTEM, "LAB", "Laboratory")));
        CodeableConcept code = new CodeableConcept();
        if (!matched.code().isEmpty()) {
            code.addCoding(new Coding(matched.codeSystem().isEmpty() ? null : matched.codeSystem(), matched.code(),
                    matched.display().isEmpty() ? null : matched.display()));
        }
        code.setText(matched.display().isEmpty() ? "Laboratory results" : matched.display());
        report.setCode(code);
        if (subject != null) {
            report.setSubject(subject.copy());
        }
        report.addBasedOn(new Reference("ServiceRequest/" + matched.serviceRequestId()));
        DateTimeType latest = null;
        for (Observation observation : observations) {
            report.addResult(new Reference("Observation/" + observation.getIdPart()));
            if (observation.getEffective() instanceof DateTimeType t && (latest == null || t.getValue().after(latest.getValue()))) {
                latest = t;
            }
        }
        if (latest != null) {
            report.setEffective(latest.copy());
        }
        sentAt.filter(t -> t.getPrecision().ordinal() >= ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND.ordinal())
                .ifPresent(t -> report.setIssued(t.getValue()));
        return report;
    }

    private static DiagnosticReport.DiagnosticReportStatus reportStatus(List<Observation> observations) {
        boolean anyCorrected = false;
        for (Observation o : observations) {
            switch (o.getStatus()) {
                case FINAL, CANCELLED -> { }
                case CORRECTED, AMENDED -> anyCorrected = true;
                default -> {
                    return DiagnosticReport.DiagnosticReportStatus.PRELIMINARY;
                }
            }
        }
        return anyCorrected ? DiagnosticReport.DiagnosticReportStatus.CORRECTED : DiagnosticReport.DiagnosticReportStatus.FINAL;
    }
}
