package org.medbroker.engine.ops;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;

/** The JVM basics every scrape shows: heap and non-heap memory, threads, uptime. */
final class JvmGauges {

    private JvmGauges() {
    }

    static void registerOn(Metrics metrics) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        metrics.gauge("jvm_memory_heap_used_bytes", "Heap memory in use", () -> memory.getHeapMemoryUsage().getUsed());
        metrics.gauge("jvm_memory_heap_committed_bytes", "Heap memory committed", () -> memory.getHeapMemoryUsage().getCommitted());
        metrics.gauge("jvm_memory_heap_max_bytes", "Largest heap the JVM may use (-1 when undefined)", () -> memory.getHeapMemoryUsage().getMax());
        metrics.gauge("jvm_memory_nonheap_used_bytes", "Non-heap memory in use", () -> memory.getNonHeapMemoryUsage().getUsed());
        metrics.gauge("jvm_threads_live", "Live threads", threads::getThreadCount);
        metrics.gauge("jvm_threads_daemon", "Live daemon threads", threads::getDaemonThreadCount);
        metrics.gauge("jvm_threads_peak", "Most live threads since start", threads::getPeakThreadCount);
        metrics.gauge("process_uptime_seconds", "Seconds since the JVM started", () -> runtime.getUptime() / 1000.0);
    }
}
