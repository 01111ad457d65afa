package org.medbroker.engine.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** The state of one pass over a configuration file: its path, the environment and the errors found. */
final class ConfigReader {

    private final Path file;
    private final EnvironmentSubstitution environment;
    private final List<ConfigError> errors = new ArrayList<>();

    ConfigReader(Path file, EnvironmentSubstitution environment) {
        this.file = file;
        this.environment = environment;
    }

    static int line(Node node) {
        return node == null ? 1 : node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    void error(Node node, String message) {
        errors.add(new ConfigError(file, line(node), message));
    }

    void error(int line, String message) {
        errors.add(new ConfigError(file, line, message));
    }

    String substitute(ScalarNode scalar) {
        return environment.apply(scalar.getValue(), problem -> error(scalar, problem));
    }

    Path file() {
        return file;
    }

    List<ConfigError> errors() {
        return errors;
    }
}
