package org.medbroker.engine.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.medbroker.connectors.hl7.Hl7MllpConstants;
import org.medbroker.connectors.hl7.message.AckBuilder;
import org.medbroker.connectors.hl7.message.AckCode;
import org.medbroker.connectors.hl7.message.AckError;
import org.medbroker.connectors.hl7.message.MshHeader;
import org.medbroker.engine.config.BrokerConfig.AckMode;
import org.medbroker.engine.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The short path from socket to ACK: the raw block goes to the journal (fsync, group-committed)
 * after the MSH and field checks; in {@code MAPPED} mode it is also parsed and mapped on a worker
 * meanwhile. The ACK is set only when the journal has the message, so nothing acknowledged can be
 * lost. Mapping (in {@code JOURNALED} mode) and writing to the record store happen later, in
 * {@link StoreApplier}.
 */
public final class Hl7IngestProcessor extends AsyncProcessorSupport {

    private static final Logger log = LoggerFactory.getLogger(Hl7IngestProcessor.class);
    static final String PROTOCOL = "HL7V2";

    private final ListenerContext listener;
    private final Journal journal;
    private final Hl7Preparer preparer;
    private final PreparedCache cache;
    private final BooleanSupplier accepting;
    private final Executor workers;
    private final AckBuilder acks;
    private final IngestMetrics metrics;
    private final ZoneId zone;

    public Hl7IngestProcessor(ListenerContext listener, Journal journal, Hl7Preparer preparer, PreparedCache cache,
            Executor workers, AckBuilder acks, IngestMetrics metrics, ZoneId zone) {
        this(listener, journal, preparer, cache, workers, acks, metrics, zone, () -> true);
    }

    /** @param accepting false while messages must be refused (the record store is down and the site refuses then) */
    public Hl7IngestProcessor(ListenerContext listener, Journal journal, Hl7Preparer preparer, PreparedCache cache,
            Executor workers, AckBuilder acks, IngestMetrics metrics, ZoneId zone, BooleanSupplier accepting) {
        this.accepting = accepting;
        this.listener = listener;
        this.journal = journal;
        this.preparer = preparer;
        this.cache = cache;
        this.workers = workers;
        this.acks = acks;
        this.metrics = metrics;
        this.zone = zone;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        long started = System.nanoTime();
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        String remote = exchange.getMessage().getHeader(Hl7MllpConstants.REMOTE_ADDRESS, "", String.class);
        Long tooLong = exchange.getMessage().getHeader(Hl7MllpConstants.BLOCK_TOO_LONG, Long.class);
        metrics.received(listener.name());
        if (!accepting.getAsBoolean()) {
            exchange.getMessage().setHeader(Hl7MllpConstants.ACKNOWLEDGEMENT, storeUnavailable(raw));
            metrics.acknowledged(listener.name(), System.nanoTime() - started);
            callback.done(true);
            return true;
        }

        CompletableFuture<Prepared> prepared;
        if (tooLong != null) {
            prepared = CompletableFuture.completedFuture(tooLarge(raw, tooLong));
        } else if (listener.ackMode() == AckMode.MAPPED) {
            prepared = CompletableFuture.supplyAsync(() -> preparer.prepare(raw, listener.defaultCharset()), workers);
        } else {
            prepared = CompletableFuture.completedFuture(preparer.check(raw, listener.defaultCharset()));
        }
        CompletableFuture<Long> durable = journal.append(Instant.now(), listener.name(), remote, PROTOCOL, raw);

        durable.thenCombine(prepared, (seq, result) -> {
            if (result.mapping().isPresent()) {
                cache.offer(seq, result);
            }
            logOutcome(seq, result);
            return acks.build(result.header(), result.ackCode(), result.error(), "MB" + seq, ZonedDateTime.now(zone),
                    result.charset());
        }).whenComplete((ack, failure) -> {
            if (failure != null) {
                ack = notStored(raw, failure);
            }
            exchange.getMessage().setHeader(Hl7MllpConstants.ACKNOWLEDGEMENT, ack);
            metrics.acknowledged(listener.name(), System.nanoTime() - started);
            callback.done(false);
        });
        return false;
    }

    private Prepared tooLarge(byte[] head, long totalBytes) {
        Optional<MshHeader> header = MshHeader.read(head, StandardCharsets.ISO_8859_1);
        return new Prepared(header, StandardCharsets.ISO_8859_1, AckCode.AR, Optional.of(AckError.general("207",
                "MB-0307: message of " + totalBytes + " bytes exceeds the listener's maxMessageBytes; only its head was kept")),
                Optional.empty());
    }

    private byte[] notStored(byte[] raw, Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        log.error("{}: MB-0308: message not stored, answered AE so the sender resends: {}", listener.name(), cause.getMessage());
        metrics.errored(listener.name());
        return acks.build(MshHeader.read(raw, StandardCharsets.ISO_8859_1), AckCode.AE,
                Optional.of(AckError.general("207", "MB-0308: the broker could not store the message; resend it later")),
                "MBX" + System.nanoTime(), ZonedDateTime.now(zone), StandardCharsets.ISO_8859_1);
    }

    private byte[] storeUnavailable(byte[] raw) {
        log.warn("{}: MB-0309: message refused: the record store is unavailable; the sender keeps it and resends",
                listener.name());
        metrics.errored(listener.name());
        return acks.build(MshHeader.read(raw, StandardCharsets.ISO_8859_1), AckCode.AE,
                Optional.of(AckError.general("207", "MB-0309: the record store is unavailable; resend the message later")),
                "MBX" + System.nanoTime(), ZonedDateTime.now(zone), StandardCharsets.ISO_8859_1);
    }

    private void logOutcome(long seq, Prepared result) {
        if (result.ackCode() == AckCode.AA) {
            log.info("{}: journal #{} {} control id {} accepted", listener.name(), seq, result.messageType(),
                    result.controlId());
        } else {
            log.warn("{}: journal #{} {} control id {} answered {}: {}", listener.name(), seq, result.messageType(),
                    result.controlId(), result.ackCode(), result.error().map(AckError::text).orElse(""));
        }
    }
}
