package org.medbroker.engine.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.connectors.hl7.message.AckCode;
import org.medbroker.connectors.hl7.message.AckError;
import org.medbroker.connectors.hl7.message.MshHeader;
import org.medbroker.engine.config.BrokerConfig.AckMode;
import org.medbroker.engine.journal.Journal;
import org.medbroker.engine.journal.JournalCursor;
import org.medbroker.engine.journal.JournalEntry;
import org.medbroker.engine.outbound.AppliedMessage;
import org.medbroker.engine.outbound.OutboundEnqueuer;
import org.medbroker.engine.store.MessageRepository;
import org.medbroker.engine.store.MessageRepository.MessageRow;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.store.resource.ResourceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies journal entries to the record store, in journal order, a batch per transaction: the
 * message row with its final status, the mapped resources, and the applied position move together,
 * so an entry is applied exactly once even across crashes. While the store is unreachable it waits
 * and retries; the journal keeps everything meanwhile.
 */
public final class StoreApplier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreApplier.class);
    /**
     * Small enough that a burst arriving while the applier drains waits at most one batch (measured:
     * p99 ACK at 1,000/s 52 ms with 128 while a backlog drained, 7.7 ms with 32), large enough that the
     * drain rate is the same (150 and 162 messages/s on H2).
     */
    private static final int BATCH = 32;
    /** While messages arrive: small batches, prepared on this thread alone, so a listener never waits long for a core. */
    private static final int BUSY_BATCH = 16;
    /** While messages arrive the applier rests this many times as long as it worked: a fifth of one core at most. */
    private static final int BUSY_REST_FACTOR = 4;
    private static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(30);
    /** While deferring, the applier looks this often whether messages still arrive or someone waits. */
    private static final long DEFER_SLICE_MILLIS = 50;

    private final Journal journal;
    private final RecordStore store;
    private final MessageRepository messages;
    private final MappingWriter writer;
    private final ResourceStore resources;
    private final Hl7Preparer preparer;
    private final PreparedCache cache;
    private final Executor workers;
    private final Map<String, ListenerContext> listeners;
    private final IngestMetrics metrics;
    private final OutboundEnqueuer outbound;
    private final ResultSetReferences resultSets;
    private final Thread thread;
    private final Map<String, EntryApplier> otherProtocols = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile long appliedSeq;
    private volatile boolean storeDown;
    private boolean listenersBusy;
    private volatile Duration maxApplyDelay = Duration.ZERO;
    private final java.util.concurrent.ConcurrentSkipListMap<Long, CompletableFuture<Void>> waiters =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private long lastReleased;
    private Instant lastCheckpoint = Instant.now();

    public StoreApplier(Journal journal, RecordStore store, MessageRepository messages, MappingWriter writer,
            ResourceStore resources, Hl7Preparer preparer, PreparedCache cache, Executor workers,
            Map<String, ListenerContext> listeners, IngestMetrics metrics, long appliedSeq) {
        this(journal, store, messages, writer, resources, preparer, cache, workers, listeners, metrics, appliedSeq,
                OutboundEnqueuer.NONE);
    }

    /** With {@code outbound}: every batch's processed messages enter the outbound queues in the batch's transaction. */
    public StoreApplier(Journal journal, RecordStore store, MessageRepository messages, MappingWriter writer,
            ResourceStore resources, Hl7Preparer preparer, PreparedCache cache, Executor workers,
            Map<String, ListenerContext> listeners, IngestMetrics metrics, long appliedSeq, OutboundEnqueuer outbound) {
        this.outbound = outbound;
        this.resultSets = new ResultSetReferences(resources);
        this.journal = journal;
        this.store = store;
        this.messages = messages;
        this.writer = writer;
        this.resources = resources;
        this.preparer = preparer;
        this.cache = cache;
        this.workers = workers;
        this.listeners = Map.copyOf(listeners);
        this.metrics = metrics;
        this.appliedSeq = appliedSeq;
        this.lastReleased = appliedSeq;
        this.thread = new Thread(this::run, "store-applier");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Entries whose journal protocol is {@code protocol} go to {@code applier} instead of the HL7 v2 path; call before {@link #start}. */
    public void register(String protocol, EntryApplier applier) {
        otherProtocols.put(protocol, applier);
    }

    /**
     * While messages keep arriving, leave them in the journal for up to {@code maxDelay} (their age)
     * instead of applying them beside the listeners: on one disk, the store's page writes delay the
     * journal's fsync and so every ACK. Once the oldest is that old, or someone waits for it
     * ({@link #whenApplied}), or the listeners are quiet, the applier works at full speed. Zero: apply as
     * they come, in short slices. Call before {@link #start}.
     */
    public void deferWhileBusy(Duration maxDelay) {
        this.maxApplyDelay = maxDelay;
    }

    /**
     * Completes once journal entry {@code seq} and everything before it is in the store; while anyone
     * waits, the applier does not defer.
     */
    public CompletableFuture<Void> whenApplied(long seq) {
        if (appliedSeq >= seq) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> applied = waiters.computeIfAbsent(seq, k -> new CompletableFuture<>());
        if (appliedSeq >= seq) {
            completeWaiters();
        }
        return applied;
    }

    private void completeWaiters() {
        var done = waiters.headMap(appliedSeq, true);
        done.values().forEach(future -> future.complete(null));
        done.clear();
    }

    /** The journal position applied to the store. */
    public long appliedSeq() {
        return appliedSeq;
    }

    /** How many journaled messages wait to be applied. */
    public long backlog() {
        return Math.max(0, journal.durableSeq() - appliedSeq);
    }

    public boolean storeDown() {
        return storeDown;
    }

    /** Waits until everything journaled up to now is applied (for tests and orderly shutdown). */
    public boolean awaitApplied(long seq, Duration timeout) throws InterruptedException {
        try {
            whenApplied(seq).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        long backoffMillis = 250;
        try (JournalCursor cursor = journal.cursorAfter(appliedSeq)) {
            List<JournalEntry> pending = List.of();
            while (running) {
                boolean slices = listenersBusy && maxApplyDelay.isZero();
                if (pending.isEmpty()) {
                    pending = cursor.next(slices ? BUSY_BATCH : BATCH);
                }
                if (pending.isEmpty()) {
                    listenersBusy = false;
                    maybeCheckpoint();
                    journal.awaitDurableAfter(cursor.lastSeq(), 200, TimeUnit.MILLISECONDS);
                    continue;
                }
                if (deferring(pending.get(0))) {
                    long arrivedBefore = journal.durableSeq();
                    waitWhileDeferring();
                    listenersBusy = journal.durableSeq() > arrivedBefore;
                    continue;
                }
                try {
                    long arrivedBefore = journal.durableSeq();
                    long began = System.nanoTime();
                    apply(pending, !slices);
                    pending = List.of();
                    completeWaiters();
                    listenersBusy = journal.durableSeq() > arrivedBefore;
                    if (slices) {
                        yieldToListeners(System.nanoTime() - began);
                    }
                    backoffMillis = 250;
                    if (storeDown) {
                        storeDown = false;
                        log.info("MB-0402: record store reachable again; applying the journal backlog");
                    }
                } catch (SQLException e) {
                    if (!storeDown) {
                        log.error("MB-0403: cannot write to the record store ({}); retrying, the journal keeps every message",
                                e.getMessage());
                    }
                    storeDown = true;
                    Thread.sleep(backoffMillis);
                    backoffMillis = Math.min(backoffMillis * 2, 10_000);
                } catch (RuntimeException | LinkageError e) {
                    log.error("MB-0404: applying journal #{}..#{} failed unexpectedly; retrying", pending.get(0).seq(),
                            pending.get(pending.size() - 1).seq(), e);
                    Thread.sleep(backoffMillis);
                    backoffMillis = Math.min(backoffMillis * 2, 10_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.error("MB-0407: store applier stopped unexpectedly; restart the broker", e);
        }
    }

    private boolean deferring(JournalEntry oldest) {
        return listenersBusy && !maxApplyDelay.isZero() && waiters.isEmpty()
                && Duration.between(oldest.receivedAt(), Instant.now()).compareTo(maxApplyDelay) < 0;
    }

    private void waitWhileDeferring() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEFER_SLICE_MILLIS);
        while (running && waiters.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
    }

    /**
     * With no deferral configured, while messages keep arriving the applier works in short slices and rests between them: the
     * ACK path and the applier share the CPU, the heap and the disk, a sender waits for its ACK,
     * and the store catches up from the journal as soon as the listeners are quiet.
     */
    private void yieldToListeners(long workedNanos) throws InterruptedException {
        if (listenersBusy) {
            TimeUnit.NANOSECONDS.sleep(Math.min(BUSY_REST_FACTOR * workedNanos, TimeUnit.MILLISECONDS.toNanos(500)));
        }
    }

    private void apply(List<JournalEntry> entries, boolean parallel) throws SQLException {
        List<Prepared> prepared = prepareAll(entries, parallel);
        String[] statuses = new String[entries.size()];
        try (Connection connection = store.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                Batch batch = new Batch();
                for (int i = 0; i < entries.size(); i++) {
                    statuses[i] = applyOne(connection, entries.get(i), prepared.get(i), batch);
                }
                batch.flush(connection);
                outbound.enqueue(connection, applied(connection, entries, prepared, statuses, batch));
                messages.setAppliedSeq(connection, entries.get(entries.size() - 1).seq());
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                if (e instanceof SQLException && !store.isReachable()) {
                    throw (SQLException) e;
                }
                applyOneByOne(connection, entries, prepared, statuses);
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            count(entries.get(i).listener(), statuses[i]);
        }
        appliedSeq = entries.get(entries.size() - 1).seq();
    }

    /** A batch failed on a store that is up: some entry is at fault; apply each alone and keep the culprit as an error. */
    private void applyOneByOne(Connection connection, List<JournalEntry> entries, List<Prepared> prepared, String[] statuses)
            throws SQLException {
        for (int i = 0; i < entries.size(); i++) {
            JournalEntry entry = entries.get(i);
            try {
                Batch batch = new Batch();
                statuses[i] = applyOne(connection, entry, prepared.get(i), batch);
                batch.flush(connection);
                outbound.enqueue(connection, applied(connection, List.of(entry), List.of(prepared.get(i)), new String[] {statuses[i]},
                        batch));
                messages.setAppliedSeq(connection, entry.seq());
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                if (e instanceof SQLException && !store.isReachable()) {
                    throw (SQLException) e;
                }
                log.error("{}: MB-0405: journal #{} could not be stored ({}); kept with status error",
                        entry.listener(), entry.seq(), e.getClass().getSimpleName());
                EntryApplier other = otherProtocols.get(entry.protocol());
                if (other != null) {
                    messages.insertAll(connection, List.of(other.failed(entry,
                            "MB-0405: the store rejected the mapped resources: " + e.getClass().getSimpleName(), Instant.now())));
                    statuses[i] = MessageRepository.ERROR;
                    messages.setAppliedSeq(connection, entry.seq());
                    connection.commit();
                    continue;
                }
                Prepared failed = prepared.get(i);
                prepared.set(i, new Prepared(failed.header(), failed.charset(), AckCode.AE, Optional.of(AckError.general("207",
                        "MB-0405: the store rejected the mapped resources: " + e.getMessage())), Optional.empty()));
                messages.insertAll(connection, List.of(row(entry, prepared.get(i), MessageRepository.ERROR)));
                statuses[i] = MessageRepository.ERROR;
                messages.setAppliedSeq(connection, entry.seq());
                connection.commit();
            }
        }
    }

    /** The messages of the batch, for the outbound queues: HL7 as received, other protocols with their result set. */
    private List<AppliedMessage> applied(Connection connection, List<JournalEntry> entries, List<Prepared> prepared, String[] statuses,
            Batch batch) throws SQLException {
        List<AppliedMessage> applied = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            JournalEntry entry = entries.get(i);
            if (prepared.get(i) != null) {
                applied.add(new AppliedMessage(entry.seq(), entry.listener(), statuses[i], prepared.get(i).charset(), entry.payload()));
            } else if (MessageRepository.PROCESSED.equals(statuses[i]) && !outbound.destinations().isEmpty()) {
                List<Resource> resultSet = resultSets.complete(connection, batch.resultSets.getOrDefault(entry.seq(), List.of()));
                applied.add(new AppliedMessage(entry.seq(), entry.listener(), statuses[i], java.nio.charset.StandardCharsets.UTF_8,
                        entry.payload(), Optional.of(resultSet)));
            }
        }
        return applied;
    }

    /** What one transaction writes in bulk at its end: message rows and resources. */
    private final class Batch {
        final List<MessageRow> rows = new ArrayList<>();
        final List<Resource> upserts = new ArrayList<>();
        final Set<String> processedKeys = new HashSet<>();
        /** What each entry of another protocol wrote, by journal seq. */
        final Map<Long, List<Resource>> resultSets = new java.util.HashMap<>();

        void flush(Connection connection) throws SQLException {
            resources.upsertAll(connection, upserts, Instant.now());
            messages.insertAll(connection, rows);
        }
    }

    /** The status the entry is stored with. */
    private String applyOne(Connection connection, JournalEntry entry, Prepared prepared, Batch batch) throws SQLException {
        EntryApplier other = otherProtocols.get(entry.protocol());
        if (other != null) {
            EntryApplier.Applied applied = other.apply(connection, entry, Instant.now());
            batch.upserts.addAll(applied.resources());
            batch.resultSets.put(entry.seq(), applied.resources());
            batch.rows.add(applied.row());
            return applied.row().status();
        }
        String status;
        if (prepared.ackCode() != AckCode.AA) {
            status = MessageRepository.ERROR;
        } else if (isDuplicate(connection, prepared, batch)) {
            status = MessageRepository.DUPLICATE;
        } else {
            batch.upserts.addAll(writer.write(connection, prepared.mapping().orElseThrow(), entry.seq(), Instant.now()));
            status = MessageRepository.PROCESSED;
        }
        batch.rows.add(row(entry, prepared, status));
        return status;
    }

    /** Processed before: in an earlier transaction, or earlier in this batch. */
    private boolean isDuplicate(Connection connection, Prepared prepared, Batch batch) throws SQLException {
        MshHeader header = prepared.header().orElseThrow();
        String key = header.sendingApplication() + "|" + header.sendingFacility() + "|" + header.controlId();
        if (!batch.processedKeys.add(key)) {
            return true;
        }
        return messages.processedBefore(connection, header.sendingApplication(), header.sendingFacility(), header.controlId());
    }

    private void count(String listener, String status) {
        if (MessageRepository.PROCESSED.equals(status)) {
            metrics.processed(listener);
        } else if (MessageRepository.DUPLICATE.equals(status)) {
            metrics.duplicate(listener);
        } else if (MessageRepository.ERROR.equals(status)) {
            metrics.errored(listener);
        }
    }

    /** Parses and maps the batch: on the worker threads when draining, so a drain uses every core. */
    private List<Prepared> prepareAll(List<JournalEntry> entries, boolean parallel) {
        List<CompletableFuture<Prepared>> futures = new ArrayList<>(entries.size());
        for (JournalEntry entry : entries) {
            if (otherProtocols.containsKey(entry.protocol())) {
                futures.add(CompletableFuture.completedFuture(null));
                continue;
            }
            Prepared cached = cache.take(entry.seq());
            if (cached != null) {
                futures.add(CompletableFuture.completedFuture(cached));
            } else if (parallel) {
                futures.add(CompletableFuture.supplyAsync(() -> preparer.prepare(entry.payload(), listener(entry).defaultCharset()),
                        workers));
            } else {
                futures.add(CompletableFuture.completedFuture(preparer.prepare(entry.payload(), listener(entry).defaultCharset())));
            }
        }
        List<Prepared> prepared = new ArrayList<>(entries.size());
        futures.forEach(f -> prepared.add(f.join()));
        return prepared;
    }

    /** The ACK the listener sent: checking is deterministic, so it is worked out again rather than stored. */
    private String sentAck(JournalEntry entry, Prepared full) {
        ListenerContext listener = listener(entry);
        if (listener.ackMode() == AckMode.MAPPED || full.ackCode() == AckCode.AA) {
            return full.ackCode().name();
        }
        return preparer.check(entry.payload(), listener.defaultCharset()).ackCode().name();
    }

    private ListenerContext listener(JournalEntry entry) {
        ListenerContext known = listeners.get(entry.listener());
        return known != null ? known
                : new ListenerContext(entry.listener(), java.nio.charset.StandardCharsets.UTF_8, AckMode.MAPPED);
    }

    private MessageRow row(JournalEntry entry, Prepared prepared, String status) {
        Optional<MshHeader> header = prepared.header();
        return new MessageRow(entry.seq(), entry.listener(), entry.remoteAddress(), entry.receivedAt(), entry.protocol(),
                prepared.messageType(), prepared.controlId(),
                header.map(MshHeader::sendingApplication).orElse(null), header.map(MshHeader::sendingFacility).orElse(null),
                prepared.charset().name(), status, sentAck(entry, prepared),
                prepared.error().map(AckError::hl7ErrorCode).orElse(null), prepared.error().map(AckError::text).orElse(null),
                Instant.now(), entry.payload(), Hl7MessageKeys.of(entry.payload(), prepared.charset()));
    }

    /** Journal segments may go once the store holds their entries durably. */
    private void maybeCheckpoint() {
        if (appliedSeq == lastReleased || Duration.between(lastCheckpoint, Instant.now()).compareTo(CHECKPOINT_EVERY) < 0) {
            return;
        }
        try {
            long applied = appliedSeq;
            store.checkpoint();
            journal.releaseUpTo(applied);
            lastReleased = applied;
            lastCheckpoint = Instant.now();
        } catch (Exception e) {
            log.warn("MB-0406: store checkpoint failed ({}); journal segments are kept", e.getMessage());
        }
    }

    /** Applies what is journaled (for at most 30 s; the rest waits in the journal for the next start), then stops. */
    @Override
    public void close() throws InterruptedException {
        if (!storeDown) {
            awaitApplied(journal.durableSeq(), Duration.ofSeconds(30));
        }
        running = false;
        thread.join(10_000);
    }
}
