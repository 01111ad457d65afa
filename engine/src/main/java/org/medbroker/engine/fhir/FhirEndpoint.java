package org.medbroker.engine.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.List;
import org.medbroker.engine.fhir.interceptors.AuditInterceptor;
import org.medbroker.engine.fhir.interceptors.BearerTokenInterceptor;
import org.medbroker.engine.fhir.interceptors.ErrorMessageInterceptor;
import org.medbroker.engine.fhir.interceptors.TokenAuthority;
import org.medbroker.engine.store.audit.AuditLog;
import org.medbroker.engine.store.resource.ResourceStore;

/**
 * Builds the read-only FHIR R4 servlet: Patient, Observation, DiagnosticReport, ServiceRequest
 * and Specimen over the resource store, JSON unless XML is asked for, bearer-token auth and audit.
 * Mount it at {@code /fhir/*}.
 */
public final class FhirEndpoint {

    /** Searches whose next pages can be followed; older ones answer 410 Gone. */
    static final int REMEMBERED_SEARCHES = 200;

    private FhirEndpoint() {
    }

    public static HttpServlet create(FhirContext ctx, ResourceStore store, TokenAuthority tokens, AuditLog audit) {
        RestfulServer server = new RestfulServer(ctx);
        server.setServerName("medbroker");
        server.setImplementationDescription("medbroker FHIR R4 endpoint (read-only)");
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setResourceProviders(List.of(
                new PatientResourceProvider(store),
                new ObservationResourceProvider(store),
                new DiagnosticReportResourceProvider(store),
                new ServiceRequestResourceProvider(store),
                new SpecimenResourceProvider(store),
                new ImagingStudyResourceProvider(store)));
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(REMEMBERED_SEARCHES);
        paging.setDefaultPageSize(Paging.DEFAULT_PAGE_SIZE);
        paging.setMaximumPageSize(Paging.MAX_PAGE_SIZE);
        server.setPagingProvider(paging);
        server.setDefaultPageSize(Paging.DEFAULT_PAGE_SIZE);
        server.registerInterceptor(new ErrorMessageInterceptor());
        server.registerInterceptor(new BearerTokenInterceptor(tokens));
        server.registerInterceptor(new AuditInterceptor(audit, Clock.systemUTC()));
        return server;
    }
}
