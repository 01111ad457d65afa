package org.medbroker.engine.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.medbroker.engine.config.BrokerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret of a configured token: its own, or for {@code generate: true} tokens without one a
 * random secret kept in {@code <data dir>/secrets/<name>.token} (mode 600), made on first start and
 * reused after. Only the file's location is ever logged.
 */
public final class TokenSecrets {

    private static final Logger log = LoggerFactory.getLogger(TokenSecrets.class);

    private TokenSecrets() {}

    public static String secretOf(BrokerConfig.Token token, Path dataDir) throws IOException {
        if (!token.secret().isEmpty()) {
            return token.secret();
        }
        Path dir = dataDir.resolve("secrets");
        Path file = dir.resolve(token.name() + ".token");
        if (Files.isRegularFile(file)) {
            log.info("token '{}': secret read from {}", token.name(), file);
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        Files.createDirectories(dir);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
        log.info("token '{}': generated a new secret into {} (readable by this user only)", token.name(), file);
        return secret;
    }
}
