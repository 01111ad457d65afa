package org.medbroker.mappings.fhirtov2;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.TimeType;
import org.medbroker.mappings.astm.AstmToFhirMapper;
import org.medbroker.mappings.hl7v2.MappingOptions;

/**
 * The resources of one result set (Patient, DiagnosticReports, their Observations, and the ServiceRequests
 * and Specimens they point to when present) as an HL7 v2.5.1 ORU^R01 in UTF-8 (MSH-18 {@code UNICODE UTF-8}),
 * segments ended by CR. The v2-to-FHIR IG's PID[Patient], OBR[DiagnosticReport], OBX[Observation] and
 * SPM[Specimen] mappings in reverse:
 *
 * <pre>
 * MSH  ORU^R01^ORU_R01, 2.5.1, our MSH-3/4, MSH-10 as given
 * PID  3 every identifier (CX: value^^^authority^type), 5 name, 7 birth date, 8 sex       one per patient
 * ORC  RE, 2/3 placer/filler number                                                     one per report
 * OBR  2/3 as ORC, 4 report code, 7 effective, 22 issued, 24 section, 25 status          (or per order)
 * OBX  2 value type, 3 code (LOINC, then the analyzer's code), 5 value, 6 UCUM unit,
 *      7 range, 8 flags, 11 status, 14 effective, 18 device, 19 issued; NTE per note      one per Observation
 * SPM  2 placer&amp;authority^filler&amp;authority, 4 type, 17 collected                 one per Specimen
 * </pre>
 *
 * Observations no report lists are grouped by their order (basedOn) and specimen id, each group under an
 * OBR naming the order's code, or only the text "Laboratory results" when nothing is known. A missing
 * ServiceRequest or Specimen is left out; a missing Patient is an error. Stateless and thread-safe.
 */
public final class OruR01Builder {

    static final String NO_ORDER_TEXT = "Laboratory results";
    private static final String REPORT_SECTION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0074";

    private final V2Codes codes;

    public OruR01Builder(MappingOptions options) {
        this.codes = new V2Codes(options);
    }

    /** With the identifier systems of {@link MappingOptions#defaults()}. */
    public static OruR01Builder withDefaults() {
        return new OruR01Builder(MappingOptions.defaults());
    }

    /** One order's OBR with its OBX and SPM segments. */
    private record OrderGroup(DiagnosticReport report, ServiceRequest request, List<Observation> observations, String subject,
            String specimenId) {}

    /**
     * The ORU^R01 text.
     *
     * @throws IllegalArgumentException MB-0750 when the resources hold no Observation, MB-0751 when an
     *     Observation's patient is not among them (an MIS cannot file a result without its patient)
     */
    public String build(List<? extends Resource> resources, OruHeader header) {
        Map<String, Resource> byReference = new LinkedHashMap<>();
        for (Resource resource : resources) {
            byReference.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
        }
        List<OrderGroup> orders = orders(resources, byReference);
        if (orders.isEmpty()) {
            throw new IllegalArgumentException("MB-0750: the result set holds no Observation; there is nothing to send as ORU^R01");
        }
        StringBuilder out = new StringBuilder(4096);
        msh(out, header);
        Map<String, List<OrderGroup>> bySubject = orders.stream()
                .collect(Collectors.groupingBy(OrderGroup::subject, LinkedHashMap::new, Collectors.toList()));
        int patientSet = 0;
        for (Map.Entry<String, List<OrderGroup>> subject : bySubject.entrySet()) {
            if (!(byReference.get(subject.getKey()) instanceof Patient patient)) {
                throw new IllegalArgumentException("MB-0751: results for "
                        + (subject.getKey().isEmpty() ? "no patient" : "a patient not in the result set")
                        + "; an ORU^R01 needs the patient (PID) of its results");
            }
            pid(out, ++patientSet, patient);
            int orderSet = 0;
            for (OrderGroup order : subject.getValue()) {
                order(out, ++orderSet, order, byReference);
            }
        }
        return out.toString();
    }

    private List<OrderGroup> orders(List<? extends Resource> resources, Map<String, Resource> byReference) {
        List<OrderGroup> orders = new ArrayList<>();
        Set<Observation> reported = new HashSet<>();
        for (Resource resource : resources) {
            if (resource instanceof DiagnosticReport report) {
                List<Observation> observations = new ArrayList<>();
                for (Reference result : report.getResult()) {
                    if (byReference.get(result.getReference()) instanceof Observation o && reported.add(o)) {
                        observations.add(o);
                    }
                }
                if (observations.isEmpty()) {
                    continue;
                }
                ServiceRequest request = report.getBasedOn().stream().map(r -> byReference.get(r.getReference()))
                        .filter(ServiceRequest.class::isInstance).map(ServiceRequest.class::cast).findFirst().orElse(null);
                orders.add(new OrderGroup(report, request, observations, subjectOf(report.getSubject(), observations),
                        specimenId(observations.get(0))));
            }
        }
        Map<String, List<Observation>> rest = new LinkedHashMap<>();
        for (Resource resource : resources) {
            if (resource instanceof Observation o && !reported.contains(o)) {
                String order = o.getBasedOn().isEmpty() ? "" : Objects.toString(o.getBasedOnFirstRep().getReference(), "");
                String key = reference(o.getSubject()) + "\u001f" + order + "\u001f" + specimenId(o);
                rest.computeIfAbsent(key, k -> new ArrayList<>()).add(o);
            }
        }
        for (List<Observation> observations : rest.values()) {
            Observation first = observations.get(0);
            ServiceRequest request = first.getBasedOn().isEmpty() ? null
                    : byReference.get(first.getBasedOnFirstRep().getReference()) instanceof ServiceRequest s ? s : null;
            orders.add(new OrderGroup(null, request, observations, reference(first.getSubject()), specimenId(first)));
        }
        return orders;
    }

    private static String subjectOf(Reference subject, List<Observation> observations) {
        String reference = reference(subject);
        return reference.isEmpty() ? reference(observations.get(0).getSubject()) : reference;
    }

    private static String reference(Reference reference) {
        return reference == null || reference.getReference() == null ? "" : reference.getReference();
    }

    /** The analyzer's sample id an ASTM-sourced Observation carries ({@code <specimen>/<test>}), else empty. */
    private static String specimenId(Observation observation) {
        for (Identifier identifier : observation.getIdentifier()) {
            String value = identifier.getValue();
            if (identifier.hasSystem() && identifier.getSystem().startsWith(AstmToFhirMapper.SPECIMEN_ID_SYSTEM) && value != null
                    && value.lastIndexOf('/') > 0) {
                return value.substring(0, value.lastIndexOf('/'));
            }
        }
        return "";
    }

    private static void msh(StringBuilder out, OruHeader header) {
        segment(out, "MSH|^~\\&", V2Text.escape(header.sendingApplication()), V2Text.escape(header.sendingFacility()),
                V2Text.escape(header.receivingApplication()), V2Text.escape(header.receivingFacility()),
                V2Text.dateTime(header.createdAt()), "", "ORU^R01^ORU_R01", V2Text.escape(header.controlId()), "P", "2.5.1", "", "",
                "", "", "", "UNICODE UTF-8");
    }

    private void pid(StringBuilder out, int setId, Patient patient) {
        String identifiers = patient.getIdentifier().stream().map(codes::cx).filter(s -> !s.isEmpty())
                .collect(Collectors.joining("~"));
        String names = patient.getName().stream().map(OruR01Builder::xpn).filter(s -> !s.isEmpty()).collect(Collectors.joining("~"));
        String sex = patient.getGender() == null ? "" : switch (patient.getGender()) {
            case MALE -> "M";
            case FEMALE -> "F";
            case OTHER -> "O";
            case UNKNOWN -> "U";
            default -> "";
        };
        segment(out, "PID", String.valueOf(setId), "", identifiers, "", names, "",
                patient.hasBirthDate() ? V2Text.dateTime(patient.getBirthDateElement()) : "", sex);
    }

    /** XPN: family, first given name, the other given names (middle name or patronymic), suffix, prefix. */
    private static String xpn(HumanName name) {
        List<String> given = name.getGiven().stream().map(g -> g.getValue()).filter(Objects::nonNull).toList();
        return V2Codes.components(new String[] {
            V2Text.escape(name.getFamily()),
            given.isEmpty() ? "" : V2Text.escape(given.get(0)),
            given.size() < 2 ? "" : V2Text.escape(String.join(" ", given.subList(1, given.size()))),
            V2Text.escape(name.getSuffixAsSingleString()),
            V2Text.escape(name.getPrefixAsSingleString())}, '^');
    }

    private void order(StringBuilder out, int setId, OrderGroup order, Map<String, Resource> byReference) {
        String placer = order.request() == null ? "" : codes.ei(typed(order.request().getIdentifier(), "PLAC"), '^');
        Identifier filler = order.request() == null ? null : typed(order.request().getIdentifier(), "FILL");
        if (filler == null && order.report() != null) {
            filler = order.report().getIdentifier().stream().filter(Identifier::hasValue).findFirst().orElse(null);
        }
        String fillerNumber = filler != null ? codes.ei(filler, '^') : V2Text.escape(order.specimenId());
        String group = order.request() == null || !order.request().hasRequisition() ? ""
                : codes.ei(order.request().getRequisition(), '^');
        segment(out, "ORC", "RE", placer, fillerNumber, group);

        DiagnosticReport report = order.report();
        CodeableConcept service = report != null && report.hasCode() ? report.getCode()
                : order.request() != null && order.request().hasCode() ? order.request().getCode()
                : new CodeableConcept().setText(NO_ORDER_TEXT);
        String effective = "";
        if (report != null && report.getEffective() instanceof DateTimeType t) {
            effective = V2Text.dateTime(t);
        } else if (report != null && report.getEffective() instanceof Period p) {
            effective = V2Text.dateTime(p.getStartElement());
        } else {
            effective = order.observations().stream().map(o -> o.getEffective() instanceof DateTimeType t ? t : null)
                    .filter(Objects::nonNull).max((a, b) -> a.getValue().compareTo(b.getValue())).map(V2Text::dateTime).orElse("");
        }
        String issued = report != null && report.hasIssued() ? V2Text.dateTime(report.getIssuedElement()) : "";
        String section = report == null ? "" : report.getCategory().stream().flatMap(c -> c.getCoding().stream())
                .filter(c -> REPORT_SECTION_SYSTEM.equals(c.getSystem())).map(Coding::getCode).findFirst().orElse("");
        String[] obr = new String[25];
        java.util.Arrays.fill(obr, "");
        obr[0] = String.valueOf(setId);
        obr[1] = placer;
        obr[2] = fillerNumber;
        obr[3] = codes.cwe(service);
        obr[6] = effective;
        obr[21] = issued;
        obr[23] = V2Text.escape(section);
        obr[24] = report != null ? reportStatus(report) : groupStatus(order.observations());
        segment(out, "OBR", obr);

        int obxSet = 0;
        for (Observation observation : order.observations()) {
            obx(out, ++obxSet, observation);
        }
        List<Specimen> specimens = specimens(order, byReference);
        int spmSet = 0;
        for (Specimen specimen : specimens) {
            spm(out, ++spmSet, specimen);
        }
    }

    private static Identifier typed(List<Identifier> identifiers, String type) {
        return identifiers.stream().filter(i -> i.hasValue() && i.hasType()
                && i.getType().getCoding().stream().anyMatch(c -> type.equals(c.getCode()))).findFirst().orElse(null);
    }

    private static List<Specimen> specimens(OrderGroup order, Map<String, Resource> byReference) {
        List<Reference> references = new ArrayList<>();
        if (order.request() != null) {
            references.addAll(order.request().getSpecimen());
        }
        if (order.report() != null) {
            references.addAll(order.report().getSpecimen());
        }
        order.observations().forEach(o -> references.add(o.getSpecimen()));
        List<Specimen> specimens = new ArrayList<>();
        for (Reference reference : references) {
            if (byReference.get(reference(reference)) instanceof Specimen s && !specimens.contains(s)) {
                specimens.add(s);
            }
        }
        return specimens;
    }

    private void obx(StringBuilder out, int setId, Observation observation) {
        String[] obx = new String[19];
        java.util.Arrays.fill(obx, "");
        obx[0] = String.valueOf(setId);
        Optional<String[]> value = value(observation);
        value.ifPresent(v -> {
            obx[1] = v[0];
            obx[4] = v[1];
            obx[5] = v[2];
        });
        obx[2] = codes.cwe(observation.getCode());
        if (observation.hasReferenceRange()) {
            obx[6] = range(observation.getReferenceRangeFirstRep());
        }
        obx[7] = observation.getInterpretation().stream().map(OruR01Builder::flag).filter(s -> !s.isEmpty())
                .collect(Collectors.joining("~"));
        obx[10] = resultStatus(observation.getStatus());
        if (observation.getEffective() instanceof DateTimeType t) {
            obx[13] = V2Text.dateTime(t);
        } else if (observation.getEffective() instanceof Period p) {
            obx[13] = V2Text.dateTime(p.getStartElement());
        }
        if (observation.hasMethod()) {
            obx[16] = codes.cwe(observation.getMethod());
        }
        if (observation.hasDevice()) {
            Reference device = observation.getDevice();
            obx[17] = device.hasIdentifier() ? codes.ei(device.getIdentifier(), '^') : V2Text.escape(device.getDisplay());
        }
        if (observation.hasIssued()) {
            obx[18] = V2Text.dateTime(observation.getIssuedElement());
        }
        segment(out, "OBX", obx);
        int noteSet = 0;
        for (Annotation note : observation.getNote()) {
            if (note.hasText()) {
                segment(out, "NTE", String.valueOf(++noteSet), "L", V2Text.escape(note.getText()));
            }
        }
    }

    /** OBX-2, OBX-5 and OBX-6 for the value; empty when the Observation has none. */
    private Optional<String[]> value(Observation observation) {
        if (!observation.hasValue()) {
            return Optional.empty();
        }
        org.hl7.fhir.r4.model.Type value = observation.getValue();
        if (value instanceof Quantity q) {
            if (q.hasComparator()) {
                return Optional.of(new String[] {"SN", V2Text.escape(q.getComparator().toCode()) + "^" + number(q.getValue()), units(q)});
            }
            return Optional.of(new String[] {"NM", number(q.getValue()), units(q)});
        }
        if (value instanceof IntegerType i) {
            return Optional.of(new String[] {"NM", String.valueOf(i.getValue()), ""});
        }
        if (value instanceof CodeableConcept c) {
            return Optional.of(new String[] {"CWE", codes.cwe(c), ""});
        }
        if (value instanceof Range r) {
            return Optional.of(new String[] {"SN", "^" + number(r.getLow().getValue()) + "^-^" + number(r.getHigh().getValue()),
                units(r.hasLow() ? r.getLow() : r.getHigh())});
        }
        if (value instanceof Ratio r) {
            return Optional.of(new String[] {"SN", "^" + number(r.getNumerator().getValue()) + "^:^" + number(r.getDenominator().getValue()),
                ""});
        }
        if (value instanceof DateTimeType d) {
            return Optional.of(new String[] {"DTM", V2Text.dateTime(d), ""});
        }
        if (value instanceof TimeType t) {
            return Optional.of(new String[] {"TM", t.getValue() == null ? "" : t.getValue().replace(":", ""), ""});
        }
        if (value instanceof StringType s) {
            return Optional.of(new String[] {"ST", V2Text.escape(s.getValue()), ""});
        }
        return value.isPrimitive() ? Optional.of(new String[] {"ST", V2Text.escape(value.primitiveValue()), ""}) : Optional.empty();
    }

    private static String number(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    /** OBX-6: a UCUM code as {@code code^unit^UCUM}; any other unit as text only ({@code ^unit}), so it is not taken for UCUM. */
    private static String units(Quantity quantity) {
        if (V2Codes.UCUM.equals(quantity.getSystem()) && quantity.hasCode()) {
            return V2Codes.components(new String[] {V2Text.escape(quantity.getCode()),
                V2Text.escape(quantity.hasUnit() ? quantity.getUnit() : quantity.getCode()), "UCUM"}, '^');
        }
        String text = quantity.hasUnit() ? quantity.getUnit() : quantity.getCode();
        return text == null || text.isEmpty() ? "" : "^" + V2Text.escape(text);
    }

    /** OBX-7 as the inbound mapping reads it: {@code low-high}, {@code <high}, {@code >low}, or the range's text. */
    private static String range(ObservationReferenceRangeComponent range) {
        boolean low = range.hasLow() && range.getLow().hasValue();
        boolean high = range.hasHigh() && range.getHigh().hasValue();
        if (low && high) {
            return number(range.getLow().getValue()) + "-" + number(range.getHigh().getValue());
        }
        if (high) {
            return "<" + number(range.getHigh().getValue());
        }
        if (low) {
            return ">" + number(range.getLow().getValue());
        }
        return range.hasText() ? V2Text.escape(range.getText()) : "";
    }

    /** OBX-8 (table 0078): the v3 ObservationInterpretation codes are 0078's. */
    private static String flag(CodeableConcept interpretation) {
        return interpretation.getCoding().stream().filter(Coding::hasCode).map(Coding::getCode).findFirst()
                .or(() -> Optional.ofNullable(interpretation.getText())).map(V2Text::escape).orElse("");
    }

    /** OBX-11 (table 0085). */
    static String resultStatus(Observation.ObservationStatus status) {
        if (status == null) {
            return "";
        }
        return switch (status) {
            case FINAL -> "F";
            case PRELIMINARY -> "P";
            case CORRECTED, AMENDED -> "C";
            case CANCELLED -> "X";
            case REGISTERED -> "I";
            case ENTEREDINERROR -> "W";
            default -> "";
        };
    }

    /** OBR-25 (table 0123). */
    private static String reportStatus(DiagnosticReport report) {
        if (report.getStatus() == null) {
            return "";
        }
        return switch (report.getStatus()) {
            case FINAL -> "F";
            case PRELIMINARY -> "P";
            case CORRECTED, AMENDED, APPENDED -> "C";
            case PARTIAL -> "A";
            case REGISTERED -> "I";
            case CANCELLED -> "X";
            default -> "";
        };
    }

    /** OBR-25 for observations no report groups: F when all are final, C when one is corrected, else P. */
    private static String groupStatus(List<Observation> observations) {
        boolean corrected = false;
        for (Observation o : observations) {
            switch (o.getStatus() == null ? Observation.ObservationStatus.NULL : o.getStatus()) {
                case FINAL, CANCELLED -> { }
                case CORRECTED, AMENDED -> corrected = true;
                default -> {
                    return "P";
                }
            }
        }
        return corrected ? "C" : "F";
    }

    private void spm(StringBuilder out, int setId, Specimen specimen) {
        String placer = codes.ei(typed(specimen.getIdentifier(), "PLAC"), '&');
        Identifier fillerId = typed(specimen.getIdentifier(), "FILL");
        if (placer.isEmpty() && fillerId == null && specimen.hasAccessionIdentifier()) {
            fillerId = specimen.getAccessionIdentifier();
        }
        String filler = codes.ei(fillerId, '&');
        String[] spm = new String[17];
        java.util.Arrays.fill(spm, "");
        spm[0] = String.valueOf(setId);
        spm[1] = V2Codes.components(new String[] {placer, filler}, '^');
        spm[3] = codes.cwe(specimen.getType());
        if (specimen.getCollection().getCollected() instanceof DateTimeType t) {
            spm[16] = V2Text.dateTime(t);
        } else if (specimen.getCollection().getCollected() instanceof Period p) {
            spm[16] = V2Codes.components(new String[] {dtm(p.getStartElement()), dtm(p.getEndElement())}, '^');
        }
        segment(out, "SPM", spm);
    }

    private static String dtm(BaseDateTimeType value) {
        return V2Text.dateTime(value);
    }

    /** A segment from its name and fields 1..n, without trailing empty fields, ended by CR. */
    private static void segment(StringBuilder out, String name, String... fields) {
        out.append(name);
        int last = fields.length - 1;
        while (last >= 0 && fields[last].isEmpty()) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            out.append('|').append(fields[i]);
        }
        out.append('\r');
    }
}
