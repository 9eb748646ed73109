package org.agora.security.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.agora.security.credential.GridCredential;

/**
 * Presents one credential, whatever the peer asks for. The JDK's own key manager picks a chain by
 * the issuers the server names, which a proxy chain's leaf never matches.
 */
final class CredentialKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "grid-credential";
    private final GridCredential credential;

    CredentialKeyManager(GridCredential credential) {
        this.credential = credential;
    }

    private String aliasFor(String keyType) {
        return keyType == null || keyType.equalsIgnoreCase(credential.privateKey().getAlgorithm())
                || keyType.startsWith(credential.privateKey().getAlgorithm()) ? ALIAS : null;
    }

    private String aliasFor(String[] keyTypes) {
        if (keyTypes == null) {
            return ALIAS;
        }
        for (String k : keyTypes) {
            if (aliasFor(k) != null) {
                return ALIAS;
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliasFor(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return aliasFor(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? credential.chain() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? credential.privateKey() : null;
    }
}
