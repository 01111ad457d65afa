package org.medbroker.engine.ops;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mount at {@code /health/*}; no token needed. {@code /health/live} answers 200 while the process
 * runs. {@code /health} and {@code /health/ready} run every check:
 * {@code {"status":"UP","checks":{"store":{"status":"UP"}}}} with 200 when all are up, 503 and
 * {@code DOWN} otherwise. A check that throws counts as down.
 */
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HealthServlet.class);

    private final transient List<HealthCheck> checks;

    public HealthServlet(List<HealthCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/live")) {
            write(response, HttpServletResponse.SC_OK, "{\"status\":\"UP\"}");
        } else if (path.endsWith("/ready") || path.endsWith("/health")) {
            ready(response);
        } else {
            write(response, HttpServletResponse.SC_NOT_FOUND, "{\"error\":\"MB-0587: unknown health path; use /health, /health/live or /health/ready\"}");
        }
    }

    private void ready(HttpServletResponse response) throws IOException {
        boolean allUp = true;
        StringBuilder details = new StringBuilder();
        for (HealthCheck check : checks) {
            HealthCheck.Result result = run(check);
            allUp &= result.up();
            if (details.length() > 0) {
                details.append(',');
            }
            details.append(quote(check.name())).append(":{\"status\":").append(quote(result.up() ? "UP" : "DOWN"));
            if (result.detail() != null) {
                details.append(",\"detail\":").append(quote(result.detail()));
            }
            details.append('}');
        }
        String body = "{\"status\":" + quote(allUp ? "UP" : "DOWN") + ",\"checks\":{" + details + "}}";
        write(response, allUp ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE, body);
    }

    private static HealthCheck.Result run(HealthCheck check) {
        try {
            HealthCheck.Result result = check.check();
            return result != null ? result : HealthCheck.Result.unhealthy("no result");
        } catch (RuntimeException e) {
            LOG.warn("MB-0588: the health check {} failed ({})", check.name(), e.getClass().getSimpleName());
            return HealthCheck.Result.unhealthy("check failed: " + e.getClass().getSimpleName());
        }
    }

    private static void write(HttpServletResponse response, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }
}
