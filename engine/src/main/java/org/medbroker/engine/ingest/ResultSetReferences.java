package org.medbroker.engine.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.medbroker.engine.store.resource.ResourceStore;

/**
 * A result set as the outbound side needs it: the resources one message wrote, plus the Patients,
 * ServiceRequests and Specimens they point to that the message did not carry (an ASTM result for an
 * order that came by HL7 names the order's patient and ServiceRequest only by reference). Read in the
 * applying transaction, so they are what the store holds as the message is stored.
 */
final class ResultSetReferences {

    private static final Set<String> FOLLOWED = Set.of("Patient", "ServiceRequest", "Specimen");

    private final ResourceStore store;

    ResultSetReferences(ResourceStore store) {
        this.store = store;
    }

    List<Resource> complete(Connection connection, List<Resource> written) throws SQLException {
        List<Resource> out = new ArrayList<>(written);
        Set<String> present = new HashSet<>();
        written.forEach(r -> present.add(r.fhirType() + "/" + r.getIdElement().getIdPart()));
        Deque<Resource> pending = new ArrayDeque<>(written);
        while (!pending.isEmpty()) {
            for (Reference reference : references(pending.pop())) {
                String target = reference.getReference();
                int slash = target == null ? -1 : target.indexOf('/');
                if (slash < 0 || !FOLLOWED.contains(target.substring(0, slash)) || !present.add(target)) {
                    continue;
                }
                var found = store.read(connection, target.substring(0, slash), target.substring(slash + 1));
                if (found.isPresent()) {
                    Resource resource = found.get();
                    if (resource instanceof Patient) {
                        out.add(0, resource);
                    } else {
                        out.add(resource);
                    }
                    pending.add(resource);
                }
            }
        }
        return out;
    }

    private static List<Reference> references(Resource resource) {
        List<Reference> references = new ArrayList<>();
        if (resource instanceof Observation o) {
            references.add(o.getSubject());
            references.addAll(o.getBasedOn());
            references.add(o.getSpecimen());
        } else if (resource instanceof DiagnosticReport r) {
            references.add(r.getSubject());
            references.addAll(r.getBasedOn());
            references.addAll(r.getSpecimen());
        } else if (resource instanceof ServiceRequest s) {
            references.add(s.getSubject());
            references.addAll(s.getSpecimen());
        }
        return references;
    }
}
