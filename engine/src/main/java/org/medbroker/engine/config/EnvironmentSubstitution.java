package org.medbroker.engine.config;

import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}}, {@code ${NAME:-default}} (the default when NAME is unset or empty) and
 * {@code ${NAME:+value}} (value when NAME is set and not empty, else nothing: e.g.
 * {@code enabled: ${MEDBROKER_MIS_MLLP:+true}}) in configuration values.
 */
final class EnvironmentSubstitution {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:([-+])([^}]*))?}");

    private final Map<String, String> environment;

    EnvironmentSubstitution(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The value with variables replaced; an unset variable without a default is reported and left empty. */
    String apply(String value, Consumer<String> problem) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = environment.get(matcher.group(1));
            if ("+".equals(matcher.group(3))) {
                replacement = replacement == null || replacement.isEmpty() ? "" : matcher.group(4);
            } else if (replacement == null || (replacement.isEmpty() && matcher.group(2) != null)) {
                if (matcher.group(2) != null) {
                    replacement = matcher.group(4);
                } else {
                    problem.accept("environment variable " + matcher.group(1) + " is not set and has no default (write ${"
                            + matcher.group(1) + ":-value})");
                    replacement = "";
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
