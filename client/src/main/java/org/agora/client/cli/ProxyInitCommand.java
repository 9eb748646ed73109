package org.agora.client.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.agora.security.credential.EncryptedKeyException;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code agora proxy-init}: makes a proxy as grid-proxy-init does, with its flags and its output. */
@Command(name = "proxy-init", mixinStandardHelpOptions = true,
        description = "Make a proxy certificate from your user certificate, as grid-proxy-init does "
                + "(same flags, same files: default /tmp/x509up_u<uid>).")
final class ProxyInitCommand implements Callable<Integer> {
    /** ctime(3) style, as grid-proxy-init prints the end of validity. */
    static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    @ParentCommand
    AgoraCommand root;

    @Option(names = "-hours", paramLabel = "H", description = "Proxy lifetime in hours (default 12).")
    Integer hours;

    @Option(names = "-valid", paramLabel = "H:M", description = "Proxy lifetime as hours:minutes.")
    String valid;

    @Option(names = "-bits", paramLabel = "B", defaultValue = "2048", description = "Key size (default ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "-limited", description = "A limited proxy: may read, may not create workspaces or move credits.")
    boolean limited;

    @Option(names = "-independent", description = "An independent RFC 3820 proxy.")
    boolean independent;

    @Option(names = "-path-length", paramLabel = "N", description = "How many proxies may be made below this one.")
    Integer pathLength;

    @Option(names = "-old", description = "A legacy Globus proxy (CN=proxy) instead of RFC 3820.")
    boolean old;

    @Option(names = "-rfc", description = "An RFC 3820 proxy (the default).")
    boolean rfc;

    @Option(names = "-cert", paramLabel = "FILE", description = "User certificate (default $X509_USER_CERT or ~/.globus/usercert.pem).")
    Path cert;

    @Option(names = "-key", paramLabel = "FILE", description = "User key (default $X509_USER_KEY or ~/.globus/userkey.pem).")
    Path key;

    @Option(names = "-out", paramLabel = "FILE", description = "Where to write the proxy (default $X509_USER_PROXY or /tmp/x509up_u<uid>).")
    Path out;

    @Option(names = "-pwstdin", description = "Read the key's pass phrase from standard input.")
    boolean pwstdin;

    @Option(names = "-q", description = "Quiet: print nothing on success.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        CliEnvironment env = root.environment;
        Duration lifetime = lifetime();
        ProxyType type = type();
        Path certFile = cert != null ? cert : Path.of(env.env().getOrDefault("X509_USER_CERT",
                env.home().resolve(".globus/usercert.pem").toString()));
        Path keyFile = key != null ? key : Path.of(env.env().getOrDefault("X509_USER_KEY",
                env.home().resolve(".globus/userkey.pem").toString()));
        Path target = out != null ? out : new org.agora.security.credential.CredentialLocator(env.env(), env.home(),
                env.uid()).defaultProxyFile();
        GridCredential user = loadUser(certFile, keyFile);
        if (!quiet) {
            env.out().println("Your identity: " + user.identity().dn());
            env.out().print("Creating proxy ");
            env.out().flush();
        }
        GridCredential proxy = ProxyFactory.createProxy(user, lifetime, type, bits, pathLength);
        proxy.writeProxyFile(target);
        if (!quiet) {
            env.out().println("Done");
            env.out().println("Your proxy is valid until: " + CTIME.format(proxy.notAfter().atZone(ZoneId.systemDefault())));
        }
        return 0;
    }

    private GridCredential loadUser(Path certFile, Path keyFile) throws Exception {
        try {
            return GridCredential.fromCertificateAndKey(certFile, keyFile, pwstdin ? readPassword() : null);
        } catch (EncryptedKeyException e) {
            Console console = System.console();
            if (console == null) {
                throw e;
            }
            char[] password = console.readPassword("Enter GRID pass phrase for this identity:");
            return GridCredential.fromCertificateAndKey(certFile, keyFile, password);
        }
    }

    private static char[] readPassword() throws IOException {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }

    private Duration lifetime() throws CliException {
        if (hours != null && valid != null) {
            throw new CliException("give either -hours or -valid, not both");
        }
        if (valid != null) {
            String[] hm = valid.split(":");
            try {
                if (hm.length != 2) {
                    throw new NumberFormatException(valid);
                }
                return Duration.ofHours(Long.parseLong(hm[0])).plusMinutes(Long.parseLong(hm[1]));
            } catch (NumberFormatException e) {
                throw new CliException("-valid takes hours:minutes, e.g. -valid 12:00, not '" + valid + "'");
            }
        }
        int h = hours == null ? 12 : hours;
        if (h <= 0) {
            throw new CliException("-hours must be positive, e.g. -hours 12");
        }
        return Duration.ofHours(h);
    }

    private ProxyType type() throws CliException {
        if (old && (rfc || independent)) {
            throw new CliException("-old makes a legacy proxy; it cannot be combined with -rfc or -independent");
        }
        if (limited && independent) {
            throw new CliException("a proxy is either -limited or -independent, not both");
        }
        if (old) {
            if (pathLength != null) {
                throw new CliException("legacy proxies (-old) carry no path length; drop -path-length or -old");
            }
            return limited ? ProxyType.LEGACY_LIMITED : ProxyType.LEGACY_FULL;
        }
        return limited ? ProxyType.RFC3820_LIMITED
                : independent ? ProxyType.RFC3820_INDEPENDENT : ProxyType.RFC3820_IMPERSONATION;
    }
}
