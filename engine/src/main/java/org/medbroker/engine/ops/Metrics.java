package org.medbroker.engine.ops;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A registry of counters, histograms and gauges with labels, rendered in the Prometheus text
 * exposition format 0.0.4. Updates are lock-free and safe from any thread. A new registry already
 * holds the JVM basics (see {@link JvmGauges}). Registering a name again with the same kind and
 * labels returns the metric already there.
 */
public final class Metrics {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Comparator<List<String>> LABEL_ORDER = (a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b));

    private final Map<String, Family> families = new LinkedHashMap<>();

    public Metrics() {
        JvmGauges.registerOn(this);
    }

    /** A counter; {@code inc} takes one value per label name, in order. */
    public synchronized Counter counter(String name, String help, String... labelNames) {
        return register(new Counter(name, help, labelNames), Counter.class);
    }

    /** A histogram over the given upper bucket bounds (ascending; +Inf is implied). */
    public synchronized Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        return register(new Histogram(name, help, buckets, labelNames), Histogram.class);
    }

    /** A gauge without labels whose value is read at each scrape. */
    public synchronized void gauge(String name, String help, DoubleSupplier value) {
        register(new Gauge(name, help, value), Gauge.class);
    }

    /** A gauge with one label, whose values (label value to value) are read at each scrape. */
    public synchronized void labelledGauge(String name, String help, String labelName, Supplier<Map<String, Double>> values) {
        register(new LabelledGauge(name, help, labelName, values), LabelledGauge.class);
    }

    /** Everything in the text exposition format. */
    public String render() {
        List<Family> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(families.values());
        }
        StringBuilder out = new StringBuilder(4096);
        for (Family family : snapshot) {
            out.append("# HELP ").append(family.name).append(' ').append(escapeHelp(family.help)).append('\n');
            out.append("# TYPE ").append(family.name).append(' ').append(family.type()).append('\n');
            family.render(out);
        }
        return out.toString();
    }

    private <T extends Family> T register(T family, Class<T> kind) {
        Family existing = families.get(family.name);
        if (existing == null) {
            families.put(family.name, family);
            return family;
        }
        if (kind.isInstance(existing) && Arrays.equals(existing.labelNames, family.labelNames) && family.sameShape(existing)) {
            return kind.cast(existing);
        }
        throw new IllegalArgumentException("MB-0580: the metric " + family.name
                + " is already registered with another type, labels or buckets; pick another name");
    }

    /** One metric name with its help text, type and label names. */
    private abstract static class Family {
        final String name;
        final String help;
        final String[] labelNames;

        Family(String name, String help, String[] labelNames) {
            if (!METRIC_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("MB-0581: '" + name + "' is not a valid metric name; use [a-zA-Z_:][a-zA-Z0-9_:]*");
            }
            for (String label : labelNames) {
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                    throw new IllegalArgumentException("MB-0582: '" + label + "' is not a valid label name; use [a-zA-Z_][a-zA-Z0-9_]*");
                }
            }
            this.name = name;
            this.help = Objects.requireNonNull(help, "help");
            this.labelNames = labelNames.clone();
        }

        abstract String type();

        abstract void render(StringBuilder out);

        boolean sameShape(Family other) {
            return true;
        }

        List<String> key(String[] labelValues) {
            if (labelValues.length != labelNames.length) {
                throw new IllegalArgumentException("MB-0583: the metric " + name + " takes " + labelNames.length
                        + " label values " + Arrays.toString(labelNames) + ", got " + labelValues.length);
            }
            return List.of(labelValues);
        }

        /** {@code {a="x",b="y"}} with an optional extra label, or nothing without labels. */
        void labels(StringBuilder out, List<String> values, String extraName, String extraValue) {
            if (values.isEmpty() && extraName == null) {
                return;
            }
            out.append('{');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labelNames[i]).append("=\"").append(escapeLabel(values.get(i))).append('"');
            }
            if (extraName != null) {
                if (!values.isEmpty()) {
                    out.append(',');
                }
                out.append(extraName).append("=\"").append(extraValue).append('"');
            }
            out.append('}');
        }

        static <V> List<Map.Entry<List<String>, V>> sorted(Map<List<String>, V> children) {
            List<Map.Entry<List<String>, V>> entries = new ArrayList<>(children.entrySet());
            entries.sort(Map.Entry.comparingByKey(LABEL_ORDER));
            return entries;
        }
    }

    /** A monotonically increasing count per label set. */
    public static final class Counter extends Family {
        private final Map<List<String>, LongAdder> children = new ConcurrentHashMap<>();

        private Counter(String name, String help, String[] labelNames) {
            super(name, help, labelNames);
            if (labelNames.length == 0) {
                children.put(List.of(), new LongAdder());
            }
        }

        public void inc(String... labelValues) {
            add(1, labelValues);
        }

        public void add(long amount, String... labelValues) {
            if (amount < 0) {
                throw new IllegalArgumentException("MB-0584: a counter only goes up; use a gauge for " + name);
            }
            children.computeIfAbsent(key(labelValues), k -> new LongAdder()).add(amount);
        }

        /** The current count for one label set (0 when never counted). */
        public long value(String... labelValues) {
            LongAdder adder = children.get(key(labelValues));
            return adder == null ? 0 : adder.sum();
        }

        @Override
        String type() {
            return "counter";
        }

        @Override
        void render(StringBuilder out) {
            for (Map.Entry<List<String>, LongAdder> child : sorted(children)) {
                out.append(name);
                labels(out, child.getKey(), null, null);
                out.append(' ').append(child.getValue().sum()).append('\n');
            }
        }
    }

    /** Observations counted into fixed buckets, with their sum, per label set. */
    public static final class Histogram extends Family {
        private final double[] bounds;
        private final Map<List<String>, Child> children = new ConcurrentHashMap<>();

        private Histogram(String name, String help, double[] buckets, String[] labelNames) {
            super(name, help, labelNames);
            if (Arrays.asList(labelNames).contains("le")) {
                throw new IllegalArgumentException("MB-0585: a histogram cannot have a label named le");
            }
            if (buckets.length == 0) {
                throw new IllegalArgumentException("MB-0586: the histogram " + name + " needs at least one bucket");
            }
            for (int i = 0; i < buckets.length; i++) {
                if (!Double.isFinite(buckets[i]) || (i > 0 && buckets[i] <= buckets[i - 1])) {
                    throw new IllegalArgumentException("MB-0586: the buckets of " + name + " must be finite and strictly ascending");
                }
            }
            this.bounds = buckets.clone();
            if (labelNames.length == 0) {
                children.put(List.of(), new Child(bounds.length));
            }
        }

        public void observe(double value, String... labelValues) {
            if (Double.isNaN(value)) {
                return;
            }
            Child child = children.computeIfAbsent(key(labelValues), k -> new Child(bounds.length));
            int bucket = 0;
            while (bucket < bounds.length && value > bounds[bucket]) {
                bucket++;
            }
            child.counts[bucket].increment();
            child.sum.add(value);
        }

        @Override
        boolean sameShape(Family other) {
            return Arrays.equals(bounds, ((Histogram) other).bounds);
        }

        @Override
        String type() {
            return "histogram";
        }

        @Override
        void render(StringBuilder out) {
            for (Map.Entry<List<String>, Child> entry : sorted(children)) {
                List<String> values = entry.getKey();
                Child child = entry.getValue();
                long cumulative = 0;
                for (int i = 0; i <= bounds.length; i++) {
                    cumulative += child.counts[i].sum();
                    out.append(name).append("_bucket");
                    labels(out, values, "le", i < bounds.length ? format(bounds[i]) : "+Inf");
                    out.append(' ').append(cumulative).append('\n');
                }
                out.append(name).append("_sum");
                labels(out, values, null, null);
                out.append(' ').append(format(child.sum.sum())).append('\n');
                out.append(name).append("_count");
                labels(out, values, null, null);
                out.append(' ').append(cumulative).append('\n');
            }
        }

        /** Per-bucket (not cumulative) counts, the last one for values above every bound. */
        private static final class Child {
            final LongAdder[] counts;
            final DoubleAdder sum = new DoubleAdder();

            Child(int bounds) {
                counts = new LongAdder[bounds + 1];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = new LongAdder();
                }
            }
        }
    }

    /** A value read when scraped. */
    private static final class Gauge extends Family {
        private final DoubleSupplier value;

        Gauge(String name, String help, DoubleSupplier value) {
            super(name, help, new String[0]);
            this.value = Objects.requireNonNull(value, "value");
        }

        @Override
        String type() {
            return "gauge";
        }

        @Override
        void render(StringBuilder out) {
            out.append(name).append(' ').append(format(value.getAsDouble())).append('\n');
        }
    }

    /** Values per label value, read when scraped. */
    private static final class LabelledGauge extends Family {
        private final Supplier<Map<String, Double>> values;

        LabelledGauge(String name, String help, String labelName, Supplier<Map<String, Double>> values) {
            super(name, help, new String[] {labelName});
            this.values = Objects.requireNonNull(values, "values");
        }

        @Override
        String type() {
            return "gauge";
        }

        @Override
        void render(StringBuilder out) {
            Map<List<String>, Double> children = new LinkedHashMap<>();
            values.get().forEach((label, value) -> children.put(List.of(label), value));
            for (Map.Entry<List<String>, Double> child : sorted(children)) {
                out.append(name);
                labels(out, child.getKey(), null, null);
                out.append(' ').append(format(child.getValue())).append('\n');
            }
        }
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
