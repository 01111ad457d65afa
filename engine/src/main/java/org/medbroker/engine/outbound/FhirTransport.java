package org.medbroker.engine.outbound;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.medbroker.engine.config.BrokerConfig.FhirDestination;
import org.medbroker.engine.ingest.Hl7Preparer;

/**
 * Pushes each message's mapped resources to an external FHIR R4 server as one transaction Bundle
 * of conditional updates ({@link FhirTransactionBuilder}), so a retry never duplicates. An HL7 message is
 * mapped again from its stored raw bytes, with the broker's current mapping; results that came by ASTM
 * push the resources kept when they were stored ({@link OutboundPayload}). 2xx is delivered;
 * 408, 429, 5xx, a timeout or no connection are the server's fault (circuit, no retry count); any
 * other status is a rejection, with the start of the OperationOutcome kept.
 */
final class FhirTransport implements Transport {

    private static final int KEPT_BODY_CHARS = 500;

    private final FhirDestination config;
    private final Hl7Preparer preparer;
    private final FhirContext fhir;
    private final FhirTransactionBuilder builder;
    private final HttpClient http;

    FhirTransport(FhirDestination config, Hl7Preparer preparer, FhirContext fhir) {
        this.config = config;
        this.preparer = preparer;
        this.fhir = fhir;
        this.builder = new FhirTransactionBuilder(fhir);
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String peer() {
        return "FHIR " + config.baseUrl();
    }

    @Override
    public Outcome send(OutboundQueue.Due message) throws InterruptedException {
        String body;
        try {
            body = fhir.newJsonParser().encodeResourceToString(builder.build(OutboundPayload.fhir(message, preparer)));
        } catch (OutboundPayload.NoLongerMaps e) {
            return new Outcome.Rejected("AR", e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome.Rejected("AR", "MB-0738: cannot build the transaction: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.baseUrl().toString()))
                .timeout(config.timeout())
                .header("Content-Type", "application/fhir+json; charset=utf-8")
                .header("Accept", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (!config.bearerToken().isEmpty()) {
            request.header("Authorization", "Bearer " + config.bearerToken());
        } else if (!config.username().isEmpty()) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (config.username() + ":" + config.password()).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = response.statusCode();
            if (status / 100 == 2) {
                return new Outcome.Delivered("AA");
            }
            if (status == 408 || status == 429 || status / 100 == 5) {
                return new Outcome.Unreachable("unavailable", "MB-0732: FHIR server answered HTTP " + status);
            }
            String text = response.body() == null ? "" : response.body();
            return new Outcome.Rejected("AE", "HTTP " + status + ": "
                    + (text.length() <= KEPT_BODY_CHARS ? text : text.substring(0, KEPT_BODY_CHARS)));
        } catch (HttpTimeoutException e) {
            return new Outcome.Unreachable("timeout", "MB-0733: FHIR server did not answer within " + config.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return new Outcome.Unreachable("unreachable", "MB-0734: FHIR server unreachable: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        // the HTTP client holds no connection we must close
    }
}
