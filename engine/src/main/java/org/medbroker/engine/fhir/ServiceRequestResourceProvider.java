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
import org.hl7.fhir.r4.model.ServiceRequest;
import org.medbroker.engine.store.resource.ResourceStore;

/** ServiceRequest: read, history, search by patient, subject, code, authored, status, category, identifier, specimen. */
final class ServiceRequestResourceProvider extends StoredResourceProvider<ServiceRequest> {

    ServiceRequestResourceProvider(ResourceStore store) {
        super(store, ServiceRequest.class, "ServiceRequest");
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "_id") TokenAndListParam id,
            @OptionalParam(name = "_lastUpdated") DateAndListParam lastUpdated,
            @OptionalParam(name = ServiceRequest.SP_PATIENT, targetTypes = Patient.class) ReferenceAndListParam patient,
            @OptionalParam(name = ServiceRequest.SP_SUBJECT) ReferenceAndListParam subject,
            @OptionalParam(name = ServiceRequest.SP_IDENTIFIER) TokenAndListParam identifier,
            @OptionalParam(name = ServiceRequest.SP_CODE) TokenAndListParam code,
            @OptionalParam(name = ServiceRequest.SP_AUTHORED) DateAndListParam authored,
            @OptionalParam(name = ServiceRequest.SP_STATUS) TokenAndListParam status,
            @OptionalParam(name = ServiceRequest.SP_CATEGORY) TokenAndListParam category,
            @OptionalParam(name = ServiceRequest.SP_SPECIMEN) ReferenceAndListParam specimen,
            @Sort SortSpec sort,
            @Count Integer count,
            @Offset Integer offset) {
        SearchCriteria criteria = new SearchCriteria()
                .ids(id)
                .lastUpdated(lastUpdated)
                .references(ServiceRequest.SP_PATIENT, "Patient", patient)
                .references(ServiceRequest.SP_SUBJECT, null, subject)
                .tokens(ServiceRequest.SP_IDENTIFIER, identifier)
                .tokens(ServiceRequest.SP_CODE, code)
                .dates(ServiceRequest.SP_AUTHORED, authored)
                .tokens(ServiceRequest.SP_STATUS, status)
                .tokens(ServiceRequest.SP_CATEGORY, category)
                .references(ServiceRequest.SP_SPECIMEN, "Specimen", specimen);
        return new SearchResults(store, criteria.toQuery(typeName(), sort), null, Paging.of(offset, count));
    }
}
