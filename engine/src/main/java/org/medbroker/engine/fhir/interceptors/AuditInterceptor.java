package org.medbroker.engine.fhir.interceptors;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.engine.store.audit.AuditEntry;
import org.medbroker.engine.store.audit.AuditException;
import org.medbroker.engine.store.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one audit row per FHIR request that can touch patient data (everything but
 * {@code metadata}), synchronously, before the response leaves: who (token name), what (read,
 * vread, search, history), which resources went out, the query, the client address, the status.
 * Refused and failed requests are audited too. If the row cannot be written, the data is not sent.
 */
@Interceptor
public final class AuditInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(AuditInterceptor.class);
    private static final String AUDITED = AuditInterceptor.class.getName() + ".audited";
    /** Room for resource ids in one row, a little under the column size. */
    private static final int IDS_BUDGET = 990;

    private final AuditLog auditLog;
    private final Clock clock;

    public AuditInterceptor(AuditLog auditLog, Clock clock) {
        this.auditLog = Objects.requireNonNull(auditLog, "auditLog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public void beforeResponse(RequestDetails request, ResponseDetails response) {
        if (!audited(request)) {
            return;
        }
        request.getUserData().put(AUDITED, Boolean.TRUE);
        try {
            auditLog.record(entry(request, response.getResponseResource(), response.getResponseCode()));
        } catch (AuditException e) {
            LOG.error("{}", e.getMessage());
            throw new InternalErrorException("MB-0540: the access could not be audited, so no data is sent; try again later");
        }
    }

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean onFailure(RequestDetails request, BaseServerResponseException exception) {
        if (!audited(request) || request.getUserData().containsKey(AUDITED)) {
            return true;
        }
        request.getUserData().put(AUDITED, Boolean.TRUE);
        try {
            auditLog.record(entry(request, null, exception.getStatusCode()));
        } catch (AuditException e) {
            LOG.error("{}", e.getMessage());
        }
        return true;
    }

    private static boolean audited(RequestDetails request) {
        return request.getRestOperationType() != RestOperationTypeEnum.METADATA && !"metadata".equals(request.getRequestPath());
    }

    private AuditEntry entry(RequestDetails request, IBaseResource body, int status) {
        List<Resource> returned = returned(body);
        String principal = BearerTokenInterceptor.tokenOf(request).map(AccessToken::name).orElse(null);
        String resourceType = request.getResourceName();
        if (resourceType == null && !returned.isEmpty()) {
            resourceType = returned.get(0).fhirType();
        }
        return new AuditEntry(clock.instant(), principal, action(request, body), resourceType, returned.size(),
                ids(returned), query(request), remoteAddress(request), Integer.toString(status));
    }

    private static String action(RequestDetails request, IBaseResource body) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == null) {
            return "request";
        }
        switch (operation) {
            case READ:
                return "read";
            case VREAD:
                return "vread";
            case SEARCH_TYPE:
            case SEARCH_SYSTEM:
                return "search";
            case HISTORY_INSTANCE:
            case HISTORY_TYPE:
            case HISTORY_SYSTEM:
                return "history";
            case GET_PAGE:
                boolean history = body instanceof Bundle && ((Bundle) body).getType() == Bundle.BundleType.HISTORY;
                return history ? "history" : "search";
            default:
                return "request";
        }
    }

    private static List<Resource> returned(IBaseResource body) {
        List<Resource> resources = new ArrayList<>();
        if (body instanceof Bundle) {
            for (Bundle.BundleEntryComponent entry : ((Bundle) body).getEntry()) {
                if (entry.hasResource() && !(entry.getResource() instanceof OperationOutcome)) {
                    resources.add(entry.getResource());
                }
            }
        } else if (body instanceof Resource && !(body instanceof OperationOutcome)) {
            resources.add((Resource) body);
        }
        return resources;
    }

    /** {@code Type/id} of the first resources, as many as fit in the column; the count says how many there were. */
    private static String ids(List<Resource> resources) {
        if (resources.isEmpty()) {
            return null;
        }
        StringBuilder ids = new StringBuilder();
        for (Resource resource : resources) {
            String id = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            if (ids.length() + id.length() + 1 > IDS_BUDGET) {
                break;
            }
            if (ids.length() > 0) {
                ids.append(',');
            }
            ids.append(id);
        }
        return ids.toString();
    }

    private static String query(RequestDetails request) {
        String path = request.getRequestPath();
        if (request instanceof ServletRequestDetails) {
            String queryString = ((ServletRequestDetails) request).getServletRequest().getQueryString();
            if (queryString != null) {
                return path + "?" + queryString;
            }
        }
        return path;
    }

    private static String remoteAddress(RequestDetails request) {
        if (request instanceof ServletRequestDetails) {
            return ((ServletRequestDetails) request).getServletRequest().getRemoteAddr();
        }
        return null;
    }
}
