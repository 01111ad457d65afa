package org.medbroker.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.TestBroker;

/**
 * {@code store.maxApplyDelay}: while a sender keeps sending, what it sends stays in the journal
 * (acknowledged) until the burst ends, its oldest message reaches the delay, or someone waits for the
 * store; then it is applied.
 */
class ApplyDeferralTest {

    @TempDir
    Path dir;

    @Test
    void aBurstStaysInTheJournalUntilItEndsThenIsStored() throws Exception {
        try (TestBroker broker = TestBroker.withStoreSettings(dir, "maxApplyDelay: 60s")) {
            try (Burst burst = new Burst(broker, "DEFER-A")) {
                burst.awaitSent(400);
                Thread.sleep(300);
                // Only what was there when the first message woke the idle applier; applying in slices
                // beside the sender (maxApplyDelay 0s) gets well past this in the same time.
                assertThat(broker.broker().applier().appliedSeq()).isLessThanOrEqualTo(16);
                assertThat(broker.get("/metrics", null).body()).containsPattern("(?m)^medbroker_store_apply_backlog [1-9]");
            }
            broker.awaitApplied();
            assertThat(broker.get("/metrics", null).body()).containsPattern("(?m)^medbroker_store_apply_backlog 0");
        }
    }

    @Test
    void theOldestMessagesAgeBoundsTheDeferral() throws Exception {
        try (TestBroker broker = TestBroker.withStoreSettings(dir, "maxApplyDelay: 1s")) {
            try (Burst burst = new Burst(broker, "DEFER-B")) {
                burst.awaitSent(50);
                long early = broker.broker().journal().durableSeq();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (broker.broker().applier().appliedSeq() < early && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(burst.running()).as("the burst still runs").isTrue();
                assertThat(broker.broker().applier().appliedSeq()).isGreaterThanOrEqualTo(early);
            }
        }
    }

    @Test
    void waitingForTheStoreEndsTheDeferral() throws Exception {
        try (TestBroker broker = TestBroker.withStoreSettings(dir, "maxApplyDelay: 60s")) {
            try (Burst burst = new Burst(broker, "DEFER-C")) {
                burst.awaitSent(200);
                long journaled = broker.broker().journal().durableSeq();
                broker.broker().applier().whenApplied(journaled).get(20, TimeUnit.SECONDS);
                assertThat(burst.running()).as("the burst still runs").isTrue();
            }
        }
    }

    @Test
    void withoutADelayMessagesAreAppliedWhileTheyArrive() throws Exception {
        try (TestBroker broker = TestBroker.withStoreSettings(dir, "maxApplyDelay: 0s")) {
            try (Burst burst = new Burst(broker, "DEFER-D")) {
                burst.awaitSent(50);
                long early = broker.broker().journal().durableSeq();
                assertThat(broker.broker().applier().awaitApplied(early, Duration.ofSeconds(20))).isTrue();
                assertThat(burst.running()).as("the burst still runs").isTrue();
            }
        }
    }

    /** One sender sending ORU^R01 back to back, each after the previous ACK, until closed. */
    private static final class Burst implements AutoCloseable {
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicInteger acknowledged = new java.util.concurrent.atomic.AtomicInteger();
        private final Future<?> sending;

        Burst(TestBroker broker, String prefix) {
            sending = thread.submit(() -> {
                try (MllpTestClient client = broker.client()) {
                    for (int i = 0; !stop.get(); i++) {
                        String ack = client.send(Hl7IngestEndToEndTest.oru(prefix + i, "UNICODE UTF-8", "Test", "Burst", "5.6", "F"),
                                StandardCharsets.UTF_8);
                        assertThat(MllpTestClient.field(ack, "MSA", 1)).isEqualTo("AA");
                        acknowledged.incrementAndGet();
                    }
                }
                return null;
            });
        }

        void awaitSent(int messages) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (acknowledged.get() < messages && !sending.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(acknowledged.get()).isGreaterThanOrEqualTo(messages);
        }

        boolean running() {
            return !sending.isDone();
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            sending.get(30, TimeUnit.SECONDS);
            thread.shutdown();
        }
    }
}
