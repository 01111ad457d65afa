package org.medbroker.engine.store.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One access to patient data.
 *
 * @param at            when the response was about to leave
 * @param principal     the access token's name (never its secret); null when no token was accepted
 * @param action        read, vread, search, history, or request when refused before the operation was known
 * @param resourceType  the type asked for; null when unknown
 * @param resourceCount how many resources the response carried, included ones too
 * @param resourceIds   {@code Type/id} of those resources, comma separated, the first ones when many
 * @param query         the request path and query string
 * @param remoteAddress the client's address
 * @param outcome       the HTTP status sent
 */
public record AuditEntry(
        Instant at,
        String principal,
        String action,
        String resourceType,
        int resourceCount,
        String resourceIds,
        String query,
        String remoteAddress,
        String outcome) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }
}
