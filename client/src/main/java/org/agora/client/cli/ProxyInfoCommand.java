package org.agora.client.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.agora.security.credential.CredentialLocator;
import org.agora.security.credential.GridCredential;
import org.agora.security.proxy.ProxyDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code agora proxy-info}: what grid-proxy-info prints, in its format and with its flags. */
@Command(name = "proxy-info", mixinStandardHelpOptions = true,
        description = "Describe a proxy as grid-proxy-info does. With -exists, only the exit code answers: "
                + "0 if a proxy exists (and is valid for -valid H:M more), 1 if not.")
final class ProxyInfoCommand implements Callable<Integer> {
    @ParentCommand
    AgoraCommand root;

    @Option(names = "-file", paramLabel = "FILE", description = "Proxy file (default $X509_USER_PROXY or /tmp/x509up_u<uid>).")
    Path file;

    @Option(names = "-subject", description = "Print the proxy's subject.")
    boolean subject;

    @Option(names = "-issuer", description = "Print the proxy's issuer.")
    boolean issuer;

    @Option(names = "-identity", description = "Print the identity (the end-entity subject).")
    boolean identity;

    @Option(names = "-type", description = "Print the proxy type.")
    boolean type;

    @Option(names = "-strength", description = "Print the key size in bits.")
    boolean strength;

    @Option(names = "-path", description = "Print the proxy file's path.")
    boolean path;

    @Option(names = "-timeleft", description = "Print the seconds left.")
    boolean timeleft;

    @Option(names = "-exists", description = "Answer by exit code only.")
    boolean exists;

    @Option(names = "-valid", paramLabel = "H:M", description = "With -exists: valid for at least this long.")
    String valid;

    @Override
    public Integer call() throws Exception {
        CliEnvironment env = root.environment;
        Path proxyFile = file != null ? file : new CredentialLocator(env.env(), env.home(), env.uid()).defaultProxyFile();
        Instant now = Instant.now();
        if (exists) {
            try {
                ProxyDescription d = ProxyDescription.of(GridCredential.fromProxyFile(proxyFile), proxyFile);
                return d.timeLeft(now).compareTo(required()) > 0 ? 0 : 1;
            } catch (org.agora.security.credential.CredentialException e) {
                return 1;
            }
        }
        ProxyDescription d = ProxyDescription.of(GridCredential.fromProxyFile(proxyFile), proxyFile);
        List<String> lines = new ArrayList<>();
        boolean all = !(subject || issuer || identity || type || strength || path || timeleft);
        if (all) {
            lines.add("subject  : " + d.subject());
            lines.add("issuer   : " + d.issuer());
            lines.add("identity : " + d.identity());
            lines.add("type     : " + d.type().description());
            lines.add("strength : " + d.strength() + " bits");
            lines.add("path     : " + d.path());
            lines.add("timeleft : " + ProxyDescription.formatTimeLeft(d.timeLeft(now)));
        } else {
            // Single fields come bare, one per line, in grid-proxy-info's order.
            if (subject) {
                lines.add(d.subject());
            }
            if (issuer) {
                lines.add(d.issuer());
            }
            if (identity) {
                lines.add(d.identity());
            }
            if (type) {
                lines.add(d.type().description());
            }
            if (strength) {
                lines.add(String.valueOf(d.strength()));
            }
            if (path) {
                lines.add(d.path().toString());
            }
            if (timeleft) {
                lines.add(String.valueOf(d.timeLeft(now).getSeconds()));
            }
        }
        lines.forEach(env.out()::println);
        return 0;
    }

    private Duration required() throws CliException {
        if (valid == null) {
            return Duration.ZERO;
        }
        String[] hm = valid.split(":");
        try {
            return Duration.ofHours(Long.parseLong(hm[0])).plusMinutes(hm.length > 1 ? Long.parseLong(hm[1]) : 0);
        } catch (NumberFormatException e) {
            throw new CliException("-valid takes hours:minutes, e.g. -valid 1:30, not '" + valid + "'");
        }
    }
}
