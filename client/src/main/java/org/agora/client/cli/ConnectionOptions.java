package org.agora.client.cli;

import java.net.URI;
import java.nio.file.Path;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.CredentialLocator;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.ChainRejectedException;
import org.agora.security.trust.ChainValidator;
import org.agora.security.trust.TrustedChainFile;
import org.agora.security.trust.TrustAnchors;
import picocli.CommandLine.Option;

/** Where the service is and which credential and CAs to use: shared by every command that calls it. */
final class ConnectionOptions {
    static final String DEFAULT_SERVICE = "https://localhost:8443/agora";

    @Option(names = "--service", paramLabel = "URL",
            description = "Base URL of the workspace service (default: $AGORA_SERVICE, else " + DEFAULT_SERVICE + ").")
    String service;

    @Option(names = "--proxy", paramLabel = "FILE",
            description = "Proxy file to present (default: $X509_USER_PROXY, /tmp/x509up_u<uid>, "
                    + "then ~/.globus/usercert.pem and userkey.pem).")
    Path proxy;

    @Option(names = "--certdir", paramLabel = "DIR",
            description = "Trusted CA directory (default: $X509_CERT_DIR, ~/.globus/certificates, "
                    + "/etc/grid-security/certificates).")
    Path certdir;

    @Option(names = "--sign", description = "Sign every request with WS-Security (X.509, Body and Timestamp) and "
            + "require signed answers, for sites that demand secure messages (default: $AGORA_SIGN_MESSAGES=1).")
    boolean sign;

    @Option(names = {"-v", "--verbose"}, description = "Say more, including the causes of an error (one line each; "
            + "--debug shows the stack trace).")
    boolean verbose;

    URI serviceUrl(CliEnvironment environment) throws CliException {
        String url = service != null ? service : environment.env().getOrDefault("AGORA_SERVICE", DEFAULT_SERVICE);
        try {
            URI uri = URI.create(url);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an https URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException("the service URL '" + url + "' is not an https URL; give one like " + DEFAULT_SERVICE);
        }
    }

    WorkspaceClient connect(CliEnvironment environment) throws CliException, CredentialException {
        return new WorkspaceClient(serviceUrl(environment), tls(environment), signing(environment));
    }

    org.agora.client.bank.BankClient connectBank(CliEnvironment environment) throws CliException, CredentialException {
        return new org.agora.client.bank.BankClient(serviceUrl(environment), tls(environment), signing(environment));
    }

    org.agora.client.market.MarketClient connectMarket(CliEnvironment environment)
            throws CliException, CredentialException {
        return new org.agora.client.market.MarketClient(serviceUrl(environment), tls(environment),
                signing(environment));
    }

    private boolean signing(CliEnvironment environment) {
        return sign || "1".equals(environment.env().get("AGORA_SIGN_MESSAGES"));
    }

    /** {@code $AGORA_HOME}, or {@code ~/.agora}: where the command keeps what it remembers for the user. */
    private static Path agoraHome(CliEnvironment environment) {
        String agoraHome = environment.env().get("AGORA_HOME");
        return agoraHome != null && !agoraHome.isBlank() ? Path.of(agoraHome) : environment.home().resolve(".agora");
    }

    /**
     * The caller's credential and trusted CAs, as grid tools find them, once the credential has
     * passed the same checks a site makes in its TLS handshake: a refusal is explained here, in
     * one line, rather than met as a cut connection.
     */
    TlsMaterial tls(CliEnvironment environment) throws CliException, CredentialException {
        CredentialLocator locator = new CredentialLocator(environment.env(), environment.home(), environment.uid());
        Path source = proxy != null ? proxy : locator.locateFile();
        GridCredential credential = proxy != null ? GridCredential.fromProxyFile(proxy) : locator.locate();
        if (credential.notAfter().isBefore(java.time.Instant.now())) {
            throw new CliException("your credential " + source + " expired at " + credential.notAfter() + "; make a "
                    + "new proxy with 'grid-proxy-init' (or 'agora proxy-init') [certificateExpired]");
        }
        Path caDir = certdir != null ? certdir : TrustAnchors.locateDirectory(environment.env(), environment.home());
        TrustAnchors anchors = TrustAnchors.fromDirectory(caDir);
        // Chains found trusted a moment ago (the user's own, the site's) are not judged again by canl,
        // whose set-up is a fifth of a call's CPU; anything it has not vouched for, refusals included, is.
        TrustedChainFile trusted = new TrustedChainFile(agoraHome(environment).resolve("trusted-chains"), caDir,
                TrustedChainFile.DEFAULT_BOUND, java.time.Clock.systemUTC());
        TlsMaterial material = new TlsMaterial(credential, anchors,
                new ChainValidator(anchors, ChainValidator.DEFAULT_REREAD, trusted));
        try {
            material.validator().validate(credential.chain());
        } catch (ChainRejectedException e) {
            throw new CliException(CredentialRefusal.describe(e, source.toString(), credential.chain(), anchors), e);
        }
        return material;
    }
}
