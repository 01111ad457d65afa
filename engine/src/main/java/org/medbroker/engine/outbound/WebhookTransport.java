package org.medbroker.engine.outbound;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.medbroker.engine.config.BrokerConfig.WebhookDestination;
import org.medbroker.engine.http.Json;

/**
 * An HTTP POST per message: a JSON event carrying the HL7 message ({@link OutboundPayload}: the pass-through
 * message, or the ORU^R01 built for results that came by ASTM) and the protocol it arrived by, signed so the
 * receiver can check it came from this broker and was not replayed later:
 *
 * <pre>
 * POST url
 * Content-Type: application/json
 * Idempotency-Key: MB42.X1Y2                         (the stable outbound control id)
 * X-Medbroker-Signature: t=1767225600,v1=hex(HMAC-SHA256(secret, "1767225600." + body))
 *
 * {"type":"message","id":"MB42.X1Y2","journalSeq":42,"sourceProtocol":"HL7V2","hl7":"MSH|^~\\&amp;|..."}
 * </pre>
 *
 * A study event is posted as its {@link StudyEventJson}, signed the same way.
 *
 * <p>2xx is delivered; 408, 429 and 5xx, a timeout or no connection are the endpoint's fault (circuit,
 * no retry count); any other status is a rejection with the start of the response body kept.
 */
final class WebhookTransport implements Transport {

    private static final int KEPT_BODY_CHARS = 500;

    private final WebhookDestination config;
    private final HttpClient http;

    WebhookTransport(WebhookDestination config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String peer() {
        return "webhook " + config.url().getScheme() + "://" + config.url().getAuthority();
    }

    @Override
    public Outcome send(OutboundQueue.Due message) throws InterruptedException {
        if (message.isStudyEvent()) {
            return post(message, StudyEventJson.write(message.event(), message.controlId()));
        }
        String hl7;
        try {
            hl7 = OutboundPayload.hl7(message, config.sendingApplication(), config.sendingFacility(), "", "").text();
        } catch (RuntimeException e) {
            return new Outcome.Rejected("AR", "MB-0725: cannot build the outbound message: " + e.getMessage());
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "message");
        event.put("id", message.controlId());
        event.put("journalSeq", message.messageId());
        event.put("sourceProtocol", message.protocol());
        event.put("hl7", hl7);
        return post(message, Json.write(event));
    }

    private Outcome post(OutboundQueue.Due message, String body) throws InterruptedException {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(config.url())
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", message.controlId())
                .header("X-Medbroker-Signature", "t=" + timestamp + ",v1=" + sign(config.secret(), timestamp + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = response.statusCode();
            if (status / 100 == 2) {
                return new Outcome.Delivered("AA");
            }
            String text = "HTTP " + status + ": " + cut(response.body());
            if (status == 408 || status == 429 || status / 100 == 5) {
                return new Outcome.Unreachable("unavailable", "MB-0732: webhook answered HTTP " + status);
            }
            return new Outcome.Rejected("AE", text);
        } catch (HttpTimeoutException e) {
            return new Outcome.Unreachable("timeout", "MB-0733: webhook did not answer within " + config.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return new Outcome.Unreachable("unreachable", "MB-0734: webhook unreachable: " + e.getMessage());
        }
    }

    /** Hex HMAC-SHA256 of {@code payload} under {@code secret}: what a receiver recomputes to check the signature. */
    static String sign(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MB-0735: this JVM has no HmacSHA256", e);
        }
    }

    private static String cut(String text) {
        return text == null ? "" : text.length() <= KEPT_BODY_CHARS ? text : text.substring(0, KEPT_BODY_CHARS);
    }

    @Override
    public void close() {
        // the HTTP client holds no connection we must close
    }
}
