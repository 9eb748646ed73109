package org.agora.client.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.agora.transport.client.SameIdRetry;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A call that carries its own id (a transfer, a bid), sent again with that id while no answer
 * comes. When the command gives up, the user learns the id and the exact command that sends it
 * once more safely: a user who ran the same command again without the id would move the money twice.
 */
final class ResentById {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private ResentById() {
    }

    /**
     * @param what the thing the id names, for the user ("transfer", "bid")
     * @param idGiven whether the user gave the id (else the command made it up and must show it)
     */
    static <T, E extends Exception> T send(CliEnvironment env, CommandSpec spec, SameIdRetry retry, String what,
                                           String id, boolean idGiven, Class<E> failureType,
                                           Predicate<? super E> worthRetrying, SameIdRetry.Call<T, E> call)
            throws CliException {
        try {
            return retry.run(failureType, worthRetrying, next -> {
                env.err().printf("agora: no answer (%s); sending %s %s again in %d s (attempt %d of %d)%n",
                        next.failure().getMessage(), what, id, Math.max(1, next.delay().toSeconds()), next.next(),
                        next.attempts());
                env.err().flush();
            }, call);
        } catch (Exception e) {
            if (!failureType.isInstance(e) || !worthRetrying.test(failureType.cast(e))) {
                if (e instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new CliException(e.getMessage(), e);
            }
            throw new CliException(e.getMessage() + ". No answer after " + retry.attempts() + " attempts, so " + what
                    + " " + id + " may or may not have been applied; sending it again with the same id applies it "
                    + "at most once: " + command(spec, id, idGiven), e);
        }
    }

    /** The command as the user typed it, with {@code --id} added when the command chose the id. */
    static String command(CommandSpec spec, String id, boolean idGiven) {
        List<String> args = new ArrayList<>(spec.root().commandLine().getParseResult().originalArgs());
        if (!idGiven) {
            args.add("--id");
            args.add(id);
        }
        StringBuilder line = new StringBuilder(spec.root().name());
        for (String a : args) {
            line.append(' ').append(SHELL_SAFE.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
