package org.medbroker.engine.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import java.util.Set;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Patient;
import org.medbroker.engine.store.resource.ResourceStore;

/**
 * DiagnosticReport: read, history, search by patient, subject, code, date, status, category,
 * identifier, result, based-on, specimen; {@code _include=DiagnosticReport:result} adds the result
 * Observations.
 */
final class DiagnosticReportResourceProvider extends StoredResourceProvider<DiagnosticReport> {

    private static final String INCLUDE_RESULT = "DiagnosticReport:result";

    DiagnosticReportResourceProvider(ResourceStore store) {
        super(store, DiagnosticReport.class, "DiagnosticReport");
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "_id") TokenAndListParam id,
            @OptionalParam(name = "_lastUpdated") DateAndListParam lastUpdated,
            @OptionalParam(name = DiagnosticReport.SP_PATIENT, targetTypes = Patient.class) ReferenceAndListParam patient,
            @OptionalParam(name = DiagnosticReport.SP_SUBJECT) ReferenceAndListParam subject,
            @OptionalParam(name = DiagnosticReport.SP_IDENTIFIER) TokenAndListParam identifier,
            @OptionalParam(name = DiagnosticReport.SP_CODE) TokenAndListParam code,
            @OptionalParam(name = DiagnosticReport.SP_DATE) DateAndListParam date,
            @OptionalParam(name = DiagnosticReport.SP_STATUS) TokenAndListParam status,
            @OptionalParam(name = DiagnosticReport.SP_CATEGORY) TokenAndListParam category,
            @OptionalParam(name = DiagnosticReport.SP_RESULT) ReferenceAndListParam result,
            @OptionalParam(name = DiagnosticReport.SP_BASED_ON) ReferenceAndListParam basedOn,
            @OptionalParam(name = DiagnosticReport.SP_SPECIMEN) ReferenceAndListParam specimen,
            @IncludeParam(allow = {INCLUDE_RESULT}) Set<Include> includes,
            @Sort SortSpec sort,
            @Count Integer count,
            @Offset Integer offset) {
        SearchCriteria criteria = new SearchCriteria()
                .ids(id)
                .lastUpdated(lastUpdated)
                .references(DiagnosticReport.SP_PATIENT, "Patient", patient)
                .references(DiagnosticReport.SP_SUBJECT, null, subject)
                .tokens(DiagnosticReport.SP_IDENTIFIER, identifier)
                .tokens(DiagnosticReport.SP_CODE, code)
                .dates(DiagnosticReport.SP_DATE, date)
                .tokens(DiagnosticReport.SP_STATUS, status)
                .tokens(DiagnosticReport.SP_CATEGORY, category)
                .references(DiagnosticReport.SP_RESULT, "Observation", result)
                .references(DiagnosticReport.SP_BASED_ON, null, basedOn)
                .references(DiagnosticReport.SP_SPECIMEN, "Specimen", specimen);
        SearchResults.Include include = includesResults(includes) ? new SearchResults.Include(DiagnosticReport.SP_RESULT) : null;
        return new SearchResults(store, criteria.toQuery(typeName(), sort), include, Paging.of(offset, count));
    }

    private static boolean includesResults(Set<Include> includes) {
        return includes != null && includes.stream().anyMatch(include -> INCLUDE_RESULT.equals(include.getValue()));
    }
}
