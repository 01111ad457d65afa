package org.medbroker.engine.fhir.interceptors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenAuthorityTest {

    private final AccessToken reader = new AccessToken("mis", "reader-secret-0123456789", Set.of(Scopes.FHIR_READ));
    private final AccessToken admin = new AccessToken("root", "admin-secret-0123456789", Set.of(Scopes.ADMIN));
    private final TokenAuthority authority = new TokenAuthority(List.of(reader, admin));

    @Test
    void findsTheTokenASecretBelongsTo() {
        assertThat(authority.authenticate("reader-secret-0123456789")).contains(reader);
        assertThat(authority.authenticate("admin-secret-0123456789")).contains(admin);
    }

    @Test
    void knowsNoOtherSecret() {
        assertThat(authority.authenticate(null)).isEmpty();
        assertThat(authority.authenticate("")).isEmpty();
        assertThat(authority.authenticate("reader-secret-012345678")).isEmpty();
        assertThat(authority.authenticate("reader-secret-0123456789 ")).isEmpty();
        assertThat(authority.authenticate("mis")).isEmpty();
    }

    @Test
    void adminAllowsEveryScope() {
        assertThat(admin.allows(Scopes.FHIR_READ)).isTrue();
        assertThat(reader.allows(Scopes.FHIR_READ)).isTrue();
        assertThat(reader.allows(Scopes.ADMIN)).isFalse();
        assertThat(new AccessToken("p", "s", Set.of("metrics")).allows(Scopes.FHIR_READ)).isFalse();
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(reader.toString()).contains("mis").doesNotContain("reader-secret");
    }

    @Test
    void refusesUnusableTokens() {
        assertThatThrownBy(() -> new AccessToken(" ", "secret", Set.of())).hasMessageStartingWith("MB-0536");
        assertThatThrownBy(() -> new AccessToken("mis", "", Set.of())).hasMessageStartingWith("MB-0537");
        assertThatThrownBy(() -> new TokenAuthority(List.of(reader, new AccessToken("mis", "other", Set.of()))))
                .hasMessageStartingWith("MB-0538");
    }
}
