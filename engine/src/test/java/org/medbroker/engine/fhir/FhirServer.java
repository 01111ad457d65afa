package org.medbroker.engine.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.engine.fhir.interceptors.AccessToken;
import org.medbroker.engine.fhir.interceptors.Scopes;
import org.medbroker.engine.fhir.interceptors.TokenAuthority;
import org.medbroker.engine.http.HttpServer;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.store.audit.AuditLog;
import org.medbroker.engine.store.resource.ResourceStore;
import org.medbroker.engine.testsupport.TestDatabase;

/** The FHIR endpoint on a real HTTP server (port 0) over a fresh database holding {@link ClinicData}, and a client for it. */
final class FhirServer implements AutoCloseable {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String READER = "reader-secret-0123456789abcdef";
    static final String ADMIN = "admin-secret-0123456789abcdef";
    static final String NO_SCOPE = "metrics-secret-0123456789abcdef";

    final TestDatabase database;
    final RecordStore recordStore;
    final ResourceStore store;
    final AuditLog auditLog;
    final HttpServer http;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FhirServer(TestDatabase.Kind kind) {
        database = TestDatabase.create(kind);
        recordStore = database.open();
        store = new ResourceStore(recordStore.dataSource(), FHIR);
        auditLog = new AuditLog(recordStore.dataSource());
        ClinicData.load(store, recordStore.dataSource());
        TokenAuthority tokens = new TokenAuthority(List.of(
                new AccessToken("mis", READER, Set.of(Scopes.FHIR_READ)),
                new AccessToken("root", ADMIN, Set.of(Scopes.ADMIN)),
                new AccessToken("prometheus", NO_SCOPE, Set.of("metrics"))));
        http = new HttpServer("127.0.0.1", 0, Optional.empty(),
                Map.of("/fhir/*", FhirEndpoint.create(FHIR, store, tokens, auditLog)));
        http.start();
    }

    static FhirServer start(TestDatabase.Kind kind) {
        return new FhirServer(kind);
    }

    String base() {
        return "http://127.0.0.1:" + http.port() + "/fhir";
    }

    HttpResponse<String> get(String pathAndQuery, String token) {
        return get(pathAndQuery, token, null);
    }

    HttpResponse<String> get(String pathAndQuery, String token, String accept) {
        String url = pathAndQuery.startsWith("http") ? pathAndQuery : base() + "/" + pathAndQuery;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A search as the reader, which must answer 200. */
    Bundle search(String pathAndQuery) {
        HttpResponse<String> response = get(pathAndQuery, READER);
        if (response.statusCode() != 200) {
            throw new AssertionError(pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body(), Bundle.class);
    }

    /** Every page of a search, following next links. */
    List<Bundle> allPages(String pathAndQuery) {
        List<Bundle> pages = new ArrayList<>();
        Bundle page = search(pathAndQuery);
        pages.add(page);
        while (page.getLink(Bundle.LINK_NEXT) != null) {
            if (pages.size() > 100) {
                throw new AssertionError("more than 100 pages");
            }
            String next = page.getLink(Bundle.LINK_NEXT).getUrl();
            if (!next.startsWith(base())) {
                throw new AssertionError("next link outside the server: " + next);
            }
            page = search(next);
            pages.add(page);
        }
        return pages;
    }

    static <T extends Resource> T parse(String json, Class<T> type) {
        return FHIR.newJsonParser().parseResource(type, json);
    }

    /** Ids of the entries whose search mode is match (or all when no mode is set). */
    static List<String> matchIds(Bundle bundle) {
        List<String> ids = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (!entry.getSearch().hasMode() || entry.getSearch().getMode() == Bundle.SearchEntryMode.MATCH) {
                ids.add(entry.getResource().getIdElement().getIdPart());
            }
        }
        return ids;
    }

    @Override
    public void close() {
        http.close();
        recordStore.close();
        database.close();
    }
}
