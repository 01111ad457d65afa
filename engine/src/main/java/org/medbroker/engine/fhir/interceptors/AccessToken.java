package org.medbroker.engine.fhir.interceptors;

import java.util.Objects;
import java.util.Set;

/**
 * A named bearer token and what it may do. The name goes into the audit trail; the secret never
 * leaves this object, and {@link #toString()} leaves it out.
 */
public record AccessToken(String name, String secret, Set<String> scopes) {

    public AccessToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secret, "secret");
        if (name.isBlank()) {
            throw new IllegalArgumentException("MB-0536: an access token needs a name; it is what the audit trail shows");
        }
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("MB-0537: the access token '" + name + "' has an empty secret; give it a long random one");
        }
        scopes = Set.copyOf(scopes);
    }

    /** True when the token carries the scope, or {@link Scopes#ADMIN}. */
    public boolean allows(String scope) {
        return scopes.contains(scope) || scopes.contains(Scopes.ADMIN);
    }

    @Override
    public String toString() {
        return "AccessToken[name=" + name + ", scopes=" + scopes + "]";
    }
}
