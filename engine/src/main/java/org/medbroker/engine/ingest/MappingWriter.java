package org.medbroker.engine.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.medbroker.engine.store.OrderRepository;
import org.medbroker.engine.store.PatientRegistry;
import org.medbroker.mappings.hl7v2.MappingResult;
import org.medbroker.mappings.hl7v2.PatientMerge;

/**
 * Prepares one message's mapped resources for the record store, inside the caller's transaction:
 * patients are matched to the ones already known by any identifier (and references follow), a
 * merge moves identifiers to the survivor, and orders are indexed for host queries. The resources
 * it returns are then upserted together with the rest of the batch (a changed resource becomes a
 * new version of the same id).
 */
public final class MappingWriter {

    private final FhirTerser terser;
    private final PatientRegistry patients;
    private final OrderRepository orders;

    public MappingWriter(FhirContext fhirContext, PatientRegistry patients, OrderRepository orders) {
        this.terser = fhirContext.newTerser();
        this.patients = patients;
        this.orders = orders;
    }

    /** The message's resources, ready to upsert. */
    public List<Resource> write(Connection connection, MappingResult mapping, long messageId, Instant now) throws SQLException {
        List<Resource> mapped = mapping.resources();
        Map<String, String> renamed = new LinkedHashMap<>();
        Optional<PatientMerge> merge = mapping.merge();
        for (Resource resource : mapped) {
            if (resource instanceof Patient patient && !isMergedPatient(patient, merge)) {
                String resolved = patients.resolve(connection, patient.getIdPart(), identifiers(patient), now);
                renameIfNeeded(patient, resolved, renamed);
                addKnownIdentifiers(connection, patient);
            }
        }
        if (merge.isPresent()) {
            applyMerge(connection, mapped, merge.get(), renamed, now);
        }
        rewriteReferences(mapped, renamed);
        for (Resource resource : mapped) {
            if (resource instanceof ServiceRequest order) {
                orders.upsert(connection, toOrder(order, mapped, messageId), now);
            }
        }
        return mapped;
    }

    private void applyMerge(Connection connection, List<Resource> mapped, PatientMerge merge, Map<String, String> renamed,
            Instant now) throws SQLException {
        String survivor = renamed.getOrDefault(merge.survivingPatientId(), merge.survivingPatientId());
        for (Resource resource : mapped) {
            if (resource instanceof Patient old && old.getIdPart().equals(merge.mergedPatientId())) {
                String oldId = patients.resolve(connection, old.getIdPart(), identifiers(old), now);
                renameIfNeeded(old, oldId, renamed);
                patients.merge(connection, oldId, survivor, now);
            }
        }
        for (Resource resource : mapped) {
            if (resource instanceof Patient patient && patient.getIdPart().equals(survivor)) {
                addKnownIdentifiers(connection, patient);
            }
        }
    }

    private static boolean isMergedPatient(Patient patient, Optional<PatientMerge> merge) {
        return merge.isPresent() && patient.getIdPart().equals(merge.get().mergedPatientId());
    }

    private static void renameIfNeeded(Resource resource, String newId, Map<String, String> renamed) {
        String oldId = resource.getIdPart();
        if (!oldId.equals(newId)) {
            renamed.put(oldId, newId);
            resource.setId(resource.fhirType() + "/" + newId);
        }
    }

    private void rewriteReferences(List<Resource> mapped, Map<String, String> renamedPatients) {
        if (renamedPatients.isEmpty()) {
            return;
        }
        for (Resource resource : mapped) {
            for (Reference reference : terser.getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                String target = reference.getReference();
                if (target != null && target.startsWith("Patient/")) {
                    String id = target.substring("Patient/".length());
                    String newId = renamedPatients.get(id);
                    if (newId != null) {
                        reference.setReference("Patient/" + newId);
                    }
                }
            }
        }
    }

    /** The stored Patient carries every identifier the clinic has seen for that person. */
    private void addKnownIdentifiers(Connection connection, Patient patient) throws SQLException {
        for (PatientRegistry.PatientIdentifier known : patients.identifiersOf(connection, patient.getIdPart())) {
            boolean present = patient.getIdentifier().stream()
                    .anyMatch(i -> known.system().equals(i.getSystem()) && known.value().equals(i.getValue()));
            if (!present) {
                Identifier identifier = patient.addIdentifier().setSystem(known.system()).setValue(known.value());
                if (known.typeCode() != null) {
                    identifier.getType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0203")
                            .setCode(known.typeCode());
                }
            }
        }
    }

    private static List<PatientRegistry.PatientIdentifier> identifiers(Patient patient) {
        List<PatientRegistry.PatientIdentifier> identifiers = new ArrayList<>();
        for (Identifier identifier : patient.getIdentifier()) {
            if (identifier.hasSystem() && identifier.hasValue()) {
                String type = identifier.getType().getCoding().stream().map(Coding::getCode).findFirst().orElse(null);
                identifiers.add(new PatientRegistry.PatientIdentifier(identifier.getSystem(), identifier.getValue(), type));
            }
        }
        return identifiers;
    }

    private static OrderRepository.Order toOrder(ServiceRequest order, List<Resource> mapped, long messageId) {
        String placer = identifierOfType(order.getIdentifier(), "PLAC");
        String filler = identifierOfType(order.getIdentifier(), "FILL");
        String specimenId = null;
        for (Reference specimenRef : order.getSpecimen()) {
            for (Resource resource : mapped) {
                if (resource instanceof Specimen specimen && specimenRef.getReference() != null
                        && specimenRef.getReference().endsWith("/" + specimen.getIdPart()) && specimen.hasIdentifier()) {
                    specimenId = specimen.getIdentifierFirstRep().getValue();
                }
            }
        }
        Map<String, OrderRepository.OrderTest> tests = new LinkedHashMap<>();
        for (Coding coding : order.getCode().getCoding()) {
            if (coding.hasCode()) {
                String system = coding.hasSystem() ? coding.getSystem() : "";
                tests.putIfAbsent(system + "|" + coding.getCode(), new OrderRepository.OrderTest(system, coding.getCode(), coding.getDisplay()));
            }
        }
        String patientId = order.getSubject().getReference() == null ? null
                : order.getSubject().getReference().replace("Patient/", "");
        return new OrderRepository.Order(order.getIdPart(), placer, filler, specimenId, patientId,
                order.hasStatus() ? order.getStatus().toCode() : null, messageId, List.copyOf(tests.values()));
    }

    private static String identifierOfType(List<Identifier> identifiers, String type) {
        return identifiers.stream()
                .filter(i -> i.getType().getCoding().stream().anyMatch(c -> type.equals(c.getCode())))
                .map(Identifier::getValue).findFirst().orElse(null);
    }
}
