package org.medbroker.connectors.tcp;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;

/** The server side of TLS for a listener, from a key store holding its certificate and key (PKCS12 or JKS). */
public final class ServerTls {

    private ServerTls() {}

    public static SslContext fromKeyStore(Path keyStorePath, String password, String type)
            throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance(type);
        char[] secret = password.toCharArray();
        try (InputStream in = Files.newInputStream(keyStorePath)) {
            keyStore.load(in, secret);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, secret);
        return SslContextBuilder.forServer(keyManagers).build();
    }
}
