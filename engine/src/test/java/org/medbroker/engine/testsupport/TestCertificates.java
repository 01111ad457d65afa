package org.medbroker.engine.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Key and trust stores made by the JDK's keytool, all with the password {@link #PASSWORD}. */
public final class TestCertificates {

    public static final String PASSWORD = "changeit";

    private TestCertificates() {
    }

    /** A PKCS12 key store in {@code dir} with a self-signed EC certificate for {@code san} (e.g. {@code IP:127.0.0.1}). */
    public static Path keyStore(Path dir, String alias, String san) throws Exception {
        Path keys = dir.resolve(alias + "-keys.p12");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias,
                "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        return keys;
    }

    /** The certificate of {@code keys} (made by {@link #keyStore} under {@code alias}) as a PEM file in {@code dir}. */
    public static Path pem(Path dir, String alias, Path keys) throws Exception {
        Path cert = dir.resolve(alias + ".pem");
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", keys.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        return cert;
    }

    /** A PKCS12 trust store in {@code dir} holding the certificates of {@code keys} (alias to key store). */
    public static Path trustStore(Path dir, Map<String, Path> keys) throws Exception {
        Path trust = dir.resolve("trust.p12");
        for (Map.Entry<String, Path> key : keys.entrySet()) {
            keytool("-importcert", "-noprompt", "-alias", key.getKey(), "-file", pem(dir, key.getKey(), key.getValue()).toString(),
                    "-storetype", "PKCS12", "-keystore", trust.toString(), "-storepass", PASSWORD);
        }
        return trust;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s", args[0]).isZero();
    }
}
