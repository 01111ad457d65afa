package org.medbroker.engine.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.medbroker.connectors.astm.AstmConstants;
import org.medbroker.connectors.astm.AstmMessageNotStoredException;
import org.medbroker.engine.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path of one ASTM message from the link to the journal: the records as received go to the journal
 * (fsync, group-committed) and the exchange completes only when they are durable. If the journal cannot
 * write, the exchange fails with {@link AstmMessageNotStoredException}: the listener keeps the message,
 * offers it again later and answers the instrument's next ENQ with NAK meanwhile. A message holding a
 * host query is answered, once journaled, from the order store ({@link HostQueryResponder}); the reply
 * goes back on the same connection. Mapping and the store come later, in {@link StoreApplier} through
 * {@link AstmEntryApplier}.
 */
public final class AstmIngestProcessor extends AsyncProcessorSupport {

    private static final Logger log = LoggerFactory.getLogger(AstmIngestProcessor.class);
    public static final String PROTOCOL = "ASTM";
    /** A transfer cut off by a timeout, an interrupt or a disconnect: what arrived is kept and mapped. */
    public static final String PROTOCOL_INCOMPLETE = "ASTM-INCOMPLETE";

    private static final long HOST_QUERY_CATCH_UP_SECONDS = 5;

    private final AstmListenerContext listener;
    private final Journal journal;
    private final HostQueryResponder queries;
    private final LongFunction<CompletableFuture<Void>> applied;
    private final Executor workers;
    private final IngestMetrics metrics;

    /**
     * @param applied completes once the store holds a journal entry and everything before it: a host query is
     *     answered after the orders journaled before it are applied
     */
    public AstmIngestProcessor(AstmListenerContext listener, Journal journal, HostQueryResponder queries,
            LongFunction<CompletableFuture<Void>> applied, Executor workers, IngestMetrics metrics) {
        this.listener = listener;
        this.journal = journal;
        this.queries = queries;
        this.applied = applied;
        this.workers = workers;
        this.metrics = metrics;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        long started = System.nanoTime();
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        String remote = exchange.getMessage().getHeader(AstmConstants.REMOTE_ADDRESS, "", String.class);
        boolean incomplete = exchange.getMessage().getHeader(AstmConstants.INCOMPLETE, false, Boolean.class);
        metrics.received(listener.name());
        CompletableFuture<Long> durable = journal.append(Instant.now(), listener.name(), remote,
                incomplete ? PROTOCOL_INCOMPLETE : PROTOCOL, raw);
        durable.thenCompose(seq -> {
            log.info("{}: journal #{} ASTM message of {} bytes{}", listener.name(), seq, raw.length, incomplete ? " (incomplete)" : "");
            if (incomplete || !HostQueryResponder.hasQuery(raw)) {
                return CompletableFuture.completedFuture(Optional.<List<byte[]>>empty());
            }
            // Bounded: an analyzer waits for the answer; past this it gets what the store holds.
            return applied.apply(seq).completeOnTimeout(null, HOST_QUERY_CATCH_UP_SECONDS, TimeUnit.SECONDS)
                    .thenApplyAsync(ignored -> queries.answer(raw, listener), workers);
        }).whenComplete((reply, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                if (durable.isCompletedExceptionally()) {
                    metrics.errored(listener.name());
                    exchange.setException(new AstmMessageNotStoredException(
                            "MB-0308: the broker could not store the message: " + cause.getClass().getSimpleName(), cause));
                } else {
                    log.error("{}: MB-0721: host query failed: {}", listener.name(), cause.getClass().getName());
                }
            } else {
                reply.ifPresent(records -> exchange.getMessage().setHeader(AstmConstants.REPLY, records));
            }
            metrics.acknowledged(listener.name(), System.nanoTime() - started);
            callback.done(false);
        });
        return false;
    }
}
