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
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.medbroker.engine.store.resource.ResourceStore;

/** Observation: read, history, search by patient, subject, code, date, status, category, identifier, specimen, based-on. */
final class ObservationResourceProvider extends StoredResourceProvider<Observation> {

    ObservationResourceProvider(ResourceStore store) {
        super(store, Observation.class, "Observation");
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "_id") TokenAndListParam id,
            @OptionalParam(name = "_lastUpdated") DateAndListParam lastUpdated,
            @OptionalParam(name = Observation.SP_PATIENT, targetTypes = Patient.class) ReferenceAndListParam patient,
            @OptionalParam(name = Observation.SP_SUBJECT) ReferenceAndListParam subject,
            @OptionalParam(name = Observation.SP_IDENTIFIER) TokenAndListParam identifier,
            @OptionalParam(name = Observation.SP_CODE) TokenAndListParam code,
            @OptionalParam(name = Observation.SP_DATE) DateAndListParam date,
            @OptionalParam(name = Observation.SP_STATUS) TokenAndListParam status,
            @OptionalParam(name = Observation.SP_CATEGORY) TokenAndListParam category,
            @OptionalParam(name = Observation.SP_SPECIMEN) ReferenceAndListParam specimen,
            @OptionalParam(name = Observation.SP_BASED_ON) ReferenceAndListParam basedOn,
            @Sort SortSpec sort,
            @Count Integer count,
            @Offset Integer offset) {
        SearchCriteria criteria = new SearchCriteria()
                .ids(id)
                .lastUpdated(lastUpdated)
                .references(Observation.SP_PATIENT, "Patient", patient)
                .references(Observation.SP_SUBJECT, null, subject)
                .tokens(Observation.SP_IDENTIFIER, identifier)
                .tokens(Observation.SP_CODE, code)
                .dates(Observation.SP_DATE, date)
                .tokens(Observation.SP_STATUS, status)
                .tokens(Observation.SP_CATEGORY, category)
                .references(Observation.SP_SPECIMEN, "Specimen", specimen)
                .references(Observation.SP_BASED_ON, null, basedOn);
        return new SearchResults(store, criteria.toQuery(typeName(), sort), null, Paging.of(offset, count));
    }
}
