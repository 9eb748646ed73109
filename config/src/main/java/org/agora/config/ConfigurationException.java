package org.agora.config;

import java.util.List;

/**
 * A configuration that cannot be used. The message lists every problem found, one per line, each
 * naming where it is ({@code file:line}) so an admin can go straight to it.
 */
public class ConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigurationException(String source, List<String> problems) {
        super(source + ": " + (problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems:\n  " + String.join("\n  ", problems)));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as one sentence, in file order. */
    public List<String> problems() {
        return problems;
    }
}
