package org.agora.client.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.agora.security.credential.CredentialLocator;

/** What the command reads from its surroundings, passed in so tests can set it. */
public record CliEnvironment(Map<String, String> env, Path home, long uid, PrintWriter out, PrintWriter err) {

    public static CliEnvironment system() {
        String home = System.getenv("HOME");
        return new CliEnvironment(System.getenv(), Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")),
                CredentialLocator.currentUid(), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }
}
