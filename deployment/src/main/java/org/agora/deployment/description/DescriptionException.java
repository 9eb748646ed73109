package org.agora.deployment.description;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A description that cannot be deployed, with every problem found (not only the first), each naming
 * the file, the line and the component attribute. Thrown before anything is deployed.
 */
public class DescriptionException extends Exception {

    private final transient List<Problem> problems;

    public DescriptionException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a refused description has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
