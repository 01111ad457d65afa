package org.medbroker.engine.config;

import java.nio.file.Path;

/** One problem in a configuration file, printed as {@code file:line: message}. */
public record ConfigError(Path file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
