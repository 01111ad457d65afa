package org.medbroker.engine.fhir.interceptors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the access token a bearer value belongs to. Compares SHA-256 digests with
 * {@link MessageDigest#isEqual} and always looks at every token, so the time taken says nothing
 * about how close a guess was or which token matched.
 */
public final class TokenAuthority {

    private final List<Known> known;

    public TokenAuthority(List<AccessToken> tokens) {
        List<Known> digests = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (AccessToken token : tokens) {
            if (!names.add(token.name())) {
                throw new IllegalArgumentException("MB-0538: two access tokens are named '" + token.name() + "'; names must be unique");
            }
            digests.add(new Known(token, sha256(token.secret())));
        }
        this.known = List.copyOf(digests);
    }

    /** The token whose secret is {@code bearerValue}; empty for null or an unknown value. */
    public Optional<AccessToken> authenticate(String bearerValue) {
        if (bearerValue == null) {
            return Optional.empty();
        }
        byte[] presented = sha256(bearerValue);
        AccessToken match = null;
        for (Known candidate : known) {
            if (MessageDigest.isEqual(candidate.digest, presented)) {
                match = candidate.token;
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MB-0539: this JVM has no SHA-256; use a standard Java runtime", e);
        }
    }

    private record Known(AccessToken token, byte[] digest) {
    }
}
