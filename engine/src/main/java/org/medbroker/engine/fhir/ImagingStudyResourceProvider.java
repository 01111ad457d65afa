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
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.medbroker.engine.store.resource.ResourceStore;

/**
 * ImagingStudy: read, history, search by patient, subject, identifier (Study Instance UID as
 * {@code urn:dicom:uid|urn:oid:...}, accession number), modality, series, started, status.
 */
final class ImagingStudyResourceProvider extends StoredResourceProvider<ImagingStudy> {

    ImagingStudyResourceProvider(ResourceStore store) {
        super(store, ImagingStudy.class, "ImagingStudy");
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "_id") TokenAndListParam id,
            @OptionalParam(name = "_lastUpdated") DateAndListParam lastUpdated,
            @OptionalParam(name = ImagingStudy.SP_PATIENT, targetTypes = Patient.class) ReferenceAndListParam patient,
            @OptionalParam(name = ImagingStudy.SP_SUBJECT) ReferenceAndListParam subject,
            @OptionalParam(name = ImagingStudy.SP_IDENTIFIER) TokenAndListParam identifier,
            @OptionalParam(name = ImagingStudy.SP_MODALITY) TokenAndListParam modality,
            @OptionalParam(name = ImagingStudy.SP_SERIES) TokenAndListParam series,
            @OptionalParam(name = ImagingStudy.SP_STARTED) DateAndListParam started,
            @OptionalParam(name = ImagingStudy.SP_STATUS) TokenAndListParam status,
            @Sort SortSpec sort,
            @Count Integer count,
            @Offset Integer offset) {
        SearchCriteria criteria = new SearchCriteria()
                .ids(id)
                .lastUpdated(lastUpdated)
                .references(ImagingStudy.SP_PATIENT, "Patient", patient)
                .references(ImagingStudy.SP_SUBJECT, null, subject)
                .tokens(ImagingStudy.SP_IDENTIFIER, identifier)
                .tokens(ImagingStudy.SP_MODALITY, modality)
                .tokens(ImagingStudy.SP_SERIES, series)
                .dates(ImagingStudy.SP_STARTED, started)
                .tokens(ImagingStudy.SP_STATUS, status);
        return new SearchResults(store, criteria.toQuery(typeName(), sort), null, Paging.of(offset, count));
    }
}
