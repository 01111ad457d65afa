package org.medbroker.engine.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Specimen;
import org.medbroker.engine.store.resource.ResourceStore;

/** Specimen: read, history, search by patient, subject, identifier, accession, type, collected, status. */
final class SpecimenResourceProvider extends StoredResourceProvider<Specimen> {

    SpecimenResourceProvider(ResourceStore store) {
        super(store, Specimen.class, "Specimen");
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "_id") TokenAndListParam id,
            @OptionalParam(name = "_lastUpdated") DateAndListParam lastUpdated,
            @OptionalParam(name = Specimen.SP_PATIENT, targetTypes = Patient.class) ReferenceAndListParam patient,
            @OptionalParam(name = Specimen.SP_SUBJECT) ReferenceAndListParam subject,
            @OptionalParam(name = Specimen.SP_IDENTIFIER) TokenAndListParam identifier,
            @OptionalParam(name = Specimen.SP_ACCESSION) TokenAndListParam accession,
            @OptionalParam(name = Specimen.SP_TYPE) TokenAndListParam type,
            @OptionalParam(name = Specimen.SP_COLLECTED) DateAndListParam collected,
            @OptionalParam(name = Specimen.SP_STATUS) TokenAndListParam status,
            @Sort SortSpec sort,
            @Count Integer count,
            @Offset Integer offset) {
        SearchCriteria criteria = new SearchCriteria()
                .ids(id)
                .lastUpdated(lastUpdated)
                .references(Specimen.SP_PATIENT, "Patient", patient)
                .references(Specimen.SP_SUBJECT, null, subject)
                .tokens(Specimen.SP_IDENTIFIER, identifier)
                .tokens(Specimen.SP_ACCESSION, accession)
                .tokens(Specimen.SP_TYPE, type)
                .dates(Specimen.SP_COLLECTED, collected)
                .tokens(Specimen.SP_STATUS, status);
        return new SearchResults(store, criteria.toQuery(typeName(), sort), null, Paging.of(offset, count));
    }
}
