package org.medbroker.engine.outbound;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.medbroker.engine.config.BrokerConfig.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one destination's queue through its {@link Transport}, on its own thread, so a
 * destination that is down or slow holds up nobody else.
 *
 * <ul>
 *   <li>Delivered: marked in one transaction per round; a crash before that commit resends the
 *       round's messages with the same control ids.</li>
 *   <li>Rejected (AE/AR): the receiver's text is kept; counts towards {@code maxAttempts} (then dead
 *       letter); the retry waits an exponential backoff with jitter, and with order per patient the
 *       patient's later messages wait behind it.</li>
 *   <li>Undeliverable (a transform rejected the message): deterministic, so dead letter at once with the
 *       reason, no retries; the circuit is untouched (the destination was not contacted).</li>
 *   <li>Unreachable (refused, lost, no ACK in time, unwritable): the destination, not the message,
 *       is at fault. The circuit opens (growing backoff, then one probe); the attempt is recorded but
 *       does not count towards the retry limit, so an outage never dead-letters.</li>
 * </ul>
 */
final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int ROUND = 200;
    /** Deliveries marked per transaction: bounds what a crash can resend (same control ids) against commits per message. */
    private static final int MARK_EVERY = 50;
    private static final Duration IDLE_POLL = Duration.ofMillis(50);
    private static final Duration STATS_EVERY = Duration.ofSeconds(1);

    private final String name;
    private final Delivery config;
    private final Transport transport;
    private final DataSource dataSource;
    private final OutboundQueue queue;
    private final OutboundMetrics metrics;
    private final Backoff retryBackoff;
    private final CircuitBreaker circuit;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile DestinationStats stats = DestinationStats.UNKNOWN;
    private volatile String lastProblem;
    private Instant statsAt = Instant.EPOCH;

    Dispatcher(String name, Delivery config, Transport transport, DataSource dataSource, OutboundQueue queue,
            OutboundMetrics metrics) {
        this.name = name;
        this.config = config;
        this.transport = transport;
        this.dataSource = dataSource;
        this.queue = queue;
        this.metrics = metrics;
        this.retryBackoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        this.circuit = new CircuitBreaker(retryBackoff);
        this.thread = new Thread(this::run, "outbound-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    DestinationStats stats() {
        return stats;
    }

    String name() {
        return name;
    }

    Delivery config() {
        return config;
    }

    /** Why the last delivery failed, without patient data; null after a success. */
    String lastProblem() {
        return lastProblem;
    }

    CircuitBreaker.State circuitState() {
        return circuit.state();
    }

    private void run() {
        log.info("{}: delivering to {}", name, transport.peer());
        long storeBackoff = 250;
        while (running) {
            try {
                refreshStats();
                Duration wait = circuit.waitFor(System.nanoTime());
                if (!wait.isZero()) {
                    pause(wait.compareTo(Duration.ofMillis(200)) < 0 ? wait : Duration.ofMillis(200));
                    continue;
                }
                if (!round()) {
                    pause(IDLE_POLL);
                }
                storeBackoff = 250;
            } catch (SQLException e) {
                log.warn("{}: MB-0720: record store unavailable ({}); delivery resumes when it is back", name, e.getMessage());
                pause(Duration.ofMillis(storeBackoff));
                storeBackoff = Math.min(storeBackoff * 2, 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("{}: MB-0721: delivery round failed unexpectedly; retrying", name, e);
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /** One round over the due rows; false when there was nothing to do. */
    private boolean round() throws SQLException, InterruptedException {
        List<OutboundQueue.Due> due;
        try (Connection db = dataSource.getConnection()) {
            due = queue.due(db, name, config.orderedPerPatient(), Instant.now(), ROUND);
        }
        if (due.isEmpty()) {
            return false;
        }
        Set<String> stopped = new HashSet<>();
        List<Long> delivered = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        try {
            for (OutboundQueue.Due message : due) {
                if (!running) {
                    break;
                }
                if (config.orderedPerPatient() && stopped.contains(message.patientKey())) {
                    continue;
                }
                if (!circuit.allows(System.nanoTime())) {
                    break;
                }
                Outcome outcome = transport.send(message);
                if (outcome instanceof Outcome.Delivered d) {
                    circuit.success();
                    lastProblem = null;
                    delivered.add(message.messageId());
                    codes.add(d.ackCode());
                    if (delivered.size() >= MARK_EVERY) {
                        markDelivered(delivered, codes);
                    }
                } else if (outcome instanceof Outcome.Rejected r) {
                    circuit.success();
                    stopped.add(message.patientKey());
                    reject(message, r);
                } else if (outcome instanceof Outcome.Undeliverable u) {
                    deadLetter(message, u);
                } else if (outcome instanceof Outcome.Unreachable u) {
                    circuit.failure(System.nanoTime());
                    lastProblem = u.detail();
                    metrics.failed(name, u.kind());
                    try (Connection db = dataSource.getConnection()) {
                        queue.recordAttempt(db, name, message.messageId(), Instant.now(), u.kind(), null, u.detail());
                    }
                    log.warn("{}: MB-0722: {} ({}); circuit open for {} ms", name, u.detail(), u.kind(),
                            circuit.waitFor(System.nanoTime()).toMillis());
                    break;
                }
            }
        } finally {
            markDelivered(delivered, codes);
        }
        return true;
    }

    private void markDelivered(List<Long> delivered, List<String> codes) throws SQLException {
        if (delivered.isEmpty()) {
            return;
        }
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            queue.markDelivered(db, name, delivered, codes, Instant.now());
            db.commit();
        }
        metrics.delivered(name, delivered.size());
        delivered.clear();
        codes.clear();
    }

    private void reject(OutboundQueue.Due message, Outcome.Rejected rejected) throws SQLException {
        int attempts = message.attempts() + 1;
        Instant now = Instant.now();
        String detail = rejected.ackCode() + ": " + rejected.text();
        lastProblem = "message " + message.controlId() + " rejected with " + rejected.ackCode();
        metrics.failed(name, "rejected");
        try (Connection db = dataSource.getConnection()) {
            queue.markRejected(db, name, message.messageId(), attempts, config.maxAttempts(), now.plus(retryBackoff.after(attempts)),
                    rejected.ackCode(), detail, now);
        }
        if (attempts >= config.maxAttempts()) {
            metrics.deadLettered(name);
            log.warn("{}: MB-0723: message {} ({}) rejected {} times, moved to dead letter", name, message.controlId(),
                    source(message), attempts);
        } else {
            log.info("{}: MB-0724: message {} ({}) rejected with {}; retry {} of {}", name, message.controlId(),
                    source(message), rejected.ackCode(), attempts, config.maxAttempts());
        }
    }

    /** A transform rejected the message: retrying changes nothing, so it goes to dead letter now, the reason kept. */
    private void deadLetter(OutboundQueue.Due message, Outcome.Undeliverable undeliverable) throws SQLException {
        int attempts = message.attempts() + 1;
        Instant now = Instant.now();
        lastProblem = "message " + message.controlId() + " cannot be sent as configured (transform)";
        metrics.failed(name, "rejected");
        try (Connection db = dataSource.getConnection()) {
            queue.markRejected(db, name, message.messageId(), attempts, attempts, now, null, undeliverable.text(), now);
        }
        metrics.deadLettered(name);
        log.warn("{}: MB-0795: message {} ({}) rejected by the destination's transforms, moved to dead letter without retries;"
                + " the reason is in its delivery attempts", name, message.controlId(), source(message));
    }

    private static String source(OutboundQueue.Due message) {
        return message.isStudyEvent() ? "study event #" + message.event().number() : "journal #" + message.messageId();
    }

    private void refreshStats() throws SQLException {
        Instant now = Instant.now();
        if (Duration.between(statsAt, now).compareTo(STATS_EVERY) < 0) {
            return;
        }
        try (Connection db = dataSource.getConnection()) {
            OutboundQueue.Depth depth = queue.depth(db, name);
            stats = new DestinationStats(depth.pending(), depth.dead(), depth.oldestPending(), now);
        }
        statsAt = now;
    }

    private void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2_000);
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(10_000);
        }
        transport.close();
    }
}
