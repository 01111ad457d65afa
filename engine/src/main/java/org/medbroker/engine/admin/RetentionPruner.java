package org.medbroker.engine.admin;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.medbroker.engine.config.BrokerConfig;
import org.medbroker.engine.ops.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes each listener's journaled messages older than its {@code retention}, at start and then
 * every {@code every}, through {@link JournalAdmin#prune(String, Instant, int)}: never a message
 * that is still undelivered somewhere. It deletes in small transactions and rests between them,
 * so the store applier and the listeners never wait behind it. The log line says how many went
 * and up to when; never what they held.
 */
public final class RetentionPruner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetentionPruner.class);
    /** How often the broker prunes. */
    public static final Duration HOURLY = Duration.ofHours(1);

    private final JournalAdmin journal;
    private final Map<String, Duration> retention;
    private final Metrics.Counter pruned;
    private final Duration every;
    private final int batch;
    private final Duration pause;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "journal-pruner");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running = true;

    /**
     * @param retention per listener name, how long its messages are kept
     * @param batch most messages deleted in one transaction
     * @param pause rest between two transactions
     */
    public RetentionPruner(JournalAdmin journal, Map<String, Duration> retention, Metrics metrics, Duration every, int batch,
            Duration pause) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1");
        }
        this.journal = journal;
        this.retention = Map.copyOf(retention);
        this.pruned = metrics.counter("medbroker_journal_pruned_total", "Journaled messages deleted by their listener's retention",
                "listener");
        this.retention.keySet().forEach(listener -> pruned.add(0, listener));
        this.every = every;
        this.batch = batch;
        this.pause = pause;
    }

    /** The broker's pruner: hourly, {@link JournalAdmin#PRUNE_BATCH} messages a transaction, 50 ms between them. */
    public static RetentionPruner of(List<BrokerConfig.Listener> listeners, JournalAdmin journal, Metrics metrics) {
        Map<String, Duration> retention = new LinkedHashMap<>();
        listeners.forEach(l -> l.retention().ifPresent(r -> retention.put(l.name(), r)));
        return new RetentionPruner(journal, retention, metrics, HOURLY, JournalAdmin.PRUNE_BATCH, Duration.ofMillis(50));
    }

    /** Prunes now and then every {@code every}; nothing when no listener has a retention. */
    public RetentionPruner start() {
        if (!retention.isEmpty()) {
            scheduler.scheduleWithFixedDelay(this::pruneAll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void pruneAll() {
        for (Map.Entry<String, Duration> listener : retention.entrySet()) {
            if (!running) {
                return;
            }
            Instant before = Instant.now().minus(listener.getValue());
            long total = 0;
            try {
                for (int deleted = batch; deleted == batch && running; ) {
                    deleted = journal.prune(listener.getKey(), before, batch);
                    total += deleted;
                    pruned.add(deleted, listener.getKey());
                    if (deleted == batch) {
                        TimeUnit.MILLISECONDS.sleep(pause.toMillis());
                    }
                }
                if (total > 0) {
                    log.info("{}: MB-0760: pruned {} journaled message(s) received before {} (retention {})",
                            listener.getKey(), total, before, text(listener.getValue()));
                }
            } catch (SQLException | RuntimeException e) {
                log.warn("{}: MB-0761: pruning stopped after {} message(s): the record store failed ({}, SQL state {});"
                        + " the next run tries again", listener.getKey(), total, e.getClass().getSimpleName(),
                        e instanceof SQLException sql ? sql.getSQLState() : "-");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String text(Duration retention) {
        return retention.toHours() % 24 == 0 ? retention.toDays() + "d" : retention.toHours() + "h";
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }
}
