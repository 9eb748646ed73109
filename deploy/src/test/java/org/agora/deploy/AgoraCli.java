package org.agora.deploy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.agora.client.cli.AgoraCommand;
import org.agora.client.cli.CliEnvironment;
import org.agora.deploy.demo.AllInOne;

/** Runs the agora command in-process against a site, as a user at a shell would. */
public final class AgoraCli {
    /** What one command did: its exit status and what it printed. */
    public record Run(int exit, String out, String err) {
    }

    private final Map<String, String> env;
    private final Path home;

    /** A user of {@code site} with the demo proxy, whose ~ is {@code home}. */
    public AgoraCli(AllInOne site, Path home) {
        this.env = Map.of("AGORA_SERVICE", site.server().baseUrl(),
                "X509_USER_PROXY", site.credentials().userProxy().toString(),
                "X509_CERT_DIR", site.credentials().certificatesDir().toString());
        this.home = home;
    }

    /** A user with {@code env} (AGORA_SERVICE, X509_USER_PROXY, X509_CERT_DIR), whose ~ is {@code home}. */
    public AgoraCli(Map<String, String> env, Path home) {
        this.env = Map.copyOf(env);
        this.home = home;
    }

    public Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** For commands that print as they go (subscribe): the caller holds the writers. */
    public int run(PrintWriter out, PrintWriter err, String... args) {
        return AgoraCommand.run(new CliEnvironment(env, home, 4242, out, err), args);
    }
}
