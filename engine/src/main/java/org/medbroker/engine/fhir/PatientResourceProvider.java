package org.medbroker.engine.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.StringAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import org.hl7.fhir.r4.model.Patient;
import org.medbroker.engine.store.resource.ResourceStore;

/** Patient: read, history, search by identifier, name, family, given, birthdate, gender. */
final class PatientResourceProvider extends StoredResourceProvider<Patient> {

    PatientResourceProvider(ResourceStore store) {
        super(store, Patient.class, "Patient");
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "_id") TokenAndListParam id,
            @OptionalParam(name = "_lastUpdated") DateAndListParam lastUpdated,
            @OptionalParam(name = Patient.SP_IDENTIFIER) TokenAndListParam identifier,
            @OptionalParam(name = Patient.SP_NAME) StringAndListParam name,
            @OptionalParam(name = Patient.SP_FAMILY) StringAndListParam family,
            @OptionalParam(name = Patient.SP_GIVEN) StringAndListParam given,
            @OptionalParam(name = Patient.SP_BIRTHDATE) DateAndListParam birthdate,
            @OptionalParam(name = Patient.SP_GENDER) TokenAndListParam gender,
            @Sort SortSpec sort,
            @Count Integer count,
            @Offset Integer offset) {
        SearchCriteria criteria = new SearchCriteria()
                .ids(id)
                .lastUpdated(lastUpdated)
                .tokens(Patient.SP_IDENTIFIER, identifier)
                .strings(Patient.SP_NAME, name)
                .strings(Patient.SP_FAMILY, family)
                .strings(Patient.SP_GIVEN, given)
                .dates(Patient.SP_BIRTHDATE, birthdate)
                .tokens(Patient.SP_GENDER, gender);
        return new SearchResults(store, criteria.toQuery(typeName(), sort), null, Paging.of(offset, count));
    }
}
