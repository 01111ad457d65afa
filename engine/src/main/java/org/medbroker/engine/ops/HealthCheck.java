package org.medbroker.engine.ops;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.BooleanSupplier;

/** One readiness check, e.g. that the record store answers. Checks must be quick and must not throw. */
public interface HealthCheck {

    /** Short, stable, shown as the key under {@code checks}. */
    String name();

    Result check();

    /** Up or down, and a short detail without patient data. */
    record Result(boolean up, String detail) {
        public static Result healthy() {
            return new Result(true, null);
        }

        public static Result unhealthy(String detail) {
            return new Result(false, detail);
        }
    }

    /** A check from a yes/no probe, e.g. {@code HealthCheck.of("store", recordStore::isReachable)}. */
    static HealthCheck of(String name, BooleanSupplier probe) {
        Objects.requireNonNull(probe, "probe");
        return ofProblem(name, () -> probe.getAsBoolean() ? Optional.empty() : Optional.of("not reachable"));
    }

    /** A check that is down while {@code problem} names one (the detail shown), up when it is empty. */
    static HealthCheck ofProblem(String name, Supplier<Optional<String>> problem) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(problem, "problem");
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Result check() {
                return problem.get().map(Result::unhealthy).orElseGet(Result::healthy);
            }
        };
    }
}
