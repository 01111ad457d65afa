package org.medbroker.engine.http;

import java.nio.file.Path;
import java.util.Objects;

/** The key store that turns the HTTP server into HTTPS; PKCS12 is the usual type. */
public record TlsSettings(Path keyStore, String keyStorePassword, String keyStoreType) {

    public TlsSettings {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        Objects.requireNonNull(keyStoreType, "keyStoreType");
    }

    @Override
    public String toString() {
        return "TlsSettings[keyStore=" + keyStore + ", keyStoreType=" + keyStoreType + "]";
    }
}
