package org.medbroker.engine.admin;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medbroker.engine.fhir.interceptors.AccessToken;
import org.medbroker.engine.fhir.interceptors.Scopes;
import org.medbroker.engine.fhir.interceptors.TokenAuthority;
import org.medbroker.engine.http.Json;
import org.medbroker.engine.store.audit.AuditEntry;
import org.medbroker.engine.store.audit.AuditLog;
import org.medbroker.mappings.dicom.ImagingStudyMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/api}: the journal for administrators (scope {@code admin}). Every request is
 * recorded in the audit trail before its answer leaves; when the audit cannot be written, no
 * message data is sent (500).
 *
 * <pre>
 * GET  /admin/api/messages?listener=&amp;status=&amp;since=&amp;until=&amp;controlId=&amp;destination=&amp;deliveryStatus=
 *                         &amp;sampleId=&amp;accession=&amp;limit=   summaries without patient data; with accession also
 *                                                      the imaging index's studies of that accession number
 * GET  /admin/api/messages/{id}                       raw content, mapped FHIR, deliveries and attempts
 * POST /admin/api/messages/{id}/reprocess             map again (after a mapping fix) and store
 * POST /admin/api/messages/{id}/resend?destination=   send to one destination again (same control id)
 * POST /admin/api/messages/{id}/release?destination=  out of dead letter, retry count reset
 * POST /admin/api/prune?listener=&amp;olderThan=30d        delete old delivered messages of one listener
 * </pre>
 */
public final class AdminApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(AdminApiServlet.class);
    private static final Pattern MESSAGE = Pattern.compile("/messages/(\\d+)(?:/(reprocess|resend|release))?");

    private final transient JournalAdmin journal;
    private final transient TokenAuthority tokens;
    private final transient AuditLog audit;

    public AdminApiServlet(JournalAdmin journal, TokenAuthority tokens, AuditLog audit) {
        this.journal = journal;
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
        Optional<AccessToken> token = bearer(request).flatMap(tokens::authenticate);
        if (token.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"medbroker\"");
            answer(request, response, null, "request", 401, error("MB-0741: a bearer token with scope admin is required"), 0, null);
            return;
        }
        if (!token.get().allows(Scopes.ADMIN)) {
            answer(request, response, token.get(), "request", 403, error("MB-0742: this token lacks the admin scope"), 0, null);
            return;
        }
        try {
            route(request, response, token.get(), path);
        } catch (IllegalArgumentException e) {
            answer(request, response, token.get(), "request", 400, error(e.getMessage()), 0, null);
        } catch (SQLException e) {
            log.error("MB-0743: admin request failed: {}", e.getMessage());
            answer(request, response, token.get(), "request", 503, error("MB-0743: the record store is unavailable; retry later"), 0, null);
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response, AccessToken token, String path)
            throws IOException, SQLException {
        boolean get = "GET".equals(request.getMethod());
        boolean post = "POST".equals(request.getMethod());
        if (get && path.equals("/messages")) {
            JournalAdmin.Query query = query(request);
            List<Map<String, Object>> found = journal.search(query);
            List<String> refs = new ArrayList<>(found.stream().map(m -> "Message/" + m.get("id")).toList());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("messages", found);
            if (query.accession().isPresent()) {
                List<JournalAdmin.Study> studies = journal.studies(query.accession().get());
                body.put("studies", studies.stream().map(AdminApiServlet::study).toList());
                studies.forEach(st -> refs.add(imagingStudy(st)));
            }
            answer(request, response, token, "search", 200, body, refs.size(), ids(refs));
            return;
        }
        if (post && path.equals("/prune")) {
            String listener = required(request, "listener");
            Duration olderThan = duration(required(request, "olderThan"));
            int deleted = journal.prune(listener, olderThan);
            answer(request, response, token, "prune", 200, Map.of("deleted", deleted), deleted, null);
            return;
        }
        Matcher matcher = MESSAGE.matcher(path);
        if (!matcher.matches()) {
            answer(request, response, token, "request", 404, error("MB-0744: unknown admin path " + path), 0, null);
            return;
        }
        long id = Long.parseLong(matcher.group(1));
        String operation = matcher.group(2);
        String ref = "Message/" + id;
        if (get && operation == null) {
            Optional<Map<String, Object>> message = journal.view(id);
            if (message.isEmpty()) {
                answer(request, response, token, "read", 404, error("MB-0745: no message " + id), 0, ref);
            } else {
                answer(request, response, token, "read", 200, message.get(), 1, ref);
            }
            return;
        }
        if (!post || operation == null) {
            answer(request, response, token, "request", 405, error("MB-0746: use GET to read and POST for operations"), 0, ref);
            return;
        }
        switch (operation) {
            case "reprocess" -> {
                Optional<JournalAdmin.Reprocessed> result = journal.reprocess(id);
                if (result.isEmpty()) {
                    answer(request, response, token, operation, 404, error("MB-0745: no message " + id), 0, ref);
                } else {
                    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
                    body.put("id", id);
                    body.put("status", result.get().status());
                    body.put("errorText", result.get().errorText());
                    answer(request, response, token, operation, 200, body, 1, ref);
                }
            }
            case "resend", "release" -> {
                String destination = required(request, "destination");
                boolean done = operation.equals("resend") ? journal.resend(id, destination) : journal.release(id, destination);
                if (done) {
                    answer(request, response, token, operation, 200, Map.of("id", id, "destination", destination, "status", "pending"),
                            1, ref);
                } else {
                    answer(request, response, token, operation, 409, error(operation.equals("resend")
                            ? "MB-0747: message " + id + " cannot be sent to '" + destination
                                    + "': unknown or disabled destination, or the message is not processed"
                            : "MB-0748: message " + id + " is not in the dead letter of '" + destination + "'"), 0, ref);
                }
            }
            default -> throw new IllegalStateException(operation);
        }
    }

    private static JournalAdmin.Query query(HttpServletRequest request) {
        return new JournalAdmin.Query(param(request, "listener"), param(request, "status"),
                param(request, "since").map(AdminApiServlet::instant), param(request, "until").map(AdminApiServlet::instant),
                param(request, "controlId"), param(request, "destination"), param(request, "deliveryStatus"),
                param(request, "sampleId"), param(request, "accession"), param(request, "limit").map(AdminApiServlet::number).orElse(100));
    }

    /** Audits, then writes; no body leaves when the audit failed. */
    private void answer(HttpServletRequest request, HttpServletResponse response, AccessToken token, String action, int status,
            Object body, int count, String ids) throws IOException {
        String query = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        try {
            audit.record(new AuditEntry(Instant.now(), token == null ? null : token.name(), action, "Message", count, ids, query,
                    request.getRemoteAddr(), Integer.toString(status)));
        } catch (RuntimeException e) {
            log.error("MB-0749: admin request not answered: the audit trail could not be written ({})", e.getMessage());
            status = 500;
            body = error("MB-0749: the audit trail could not be written; nothing was sent");
        }
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static Map<String, Object> study(JournalAdmin.Study study) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("imagingStudy", imagingStudy(study));
        out.put("studyInstanceUid", study.studyInstanceUid());
        out.put("studyDate", study.studyDate());
        out.put("instances", study.instances());
        return out;
    }

    /** The FHIR ImagingStudy the study is published as. */
    private static String imagingStudy(JournalAdmin.Study study) {
        return "ImagingStudy/" + ImagingStudyMapping.idOf(study.studyInstanceUid());
    }

    private static Map<String, Object> error(String text) {
        return Map.of("error", text);
    }

    private static String ids(List<String> ids) {
        StringBuilder out = new StringBuilder();
        for (String id : ids) {
            if (out.length() > 900) {
                break;
            }
            out.append(out.length() == 0 ? "" : ",").append(id);
        }
        return out.toString();
    }

    private static Optional<String> bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    private static Optional<String> param(HttpServletRequest request, String name) {
        return Optional.ofNullable(request.getParameter(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static String required(HttpServletRequest request, String name) {
        return param(request, name).orElseThrow(() -> new IllegalArgumentException("MB-0750: parameter '" + name + "' is required"));
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("MB-0751: '" + text + "' is not an instant such as 2026-01-31T12:00:00Z");
        }
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MB-0752: '" + text + "' is not a number");
        }
    }

    private static Duration duration(String text) {
        String t = text.trim();
        try {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("MB-0753: '" + text + "' is not a duration such as 30d, 12h or 90m");
        }
    }
}
