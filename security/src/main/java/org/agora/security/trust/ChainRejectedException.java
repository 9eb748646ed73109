package org.agora.security.trust;

import java.security.cert.CertificateException;
import java.util.List;
import java.util.stream.Collectors;

/** A chain failed validation; {@link #problems()} says why, rule by rule. */
public class ChainRejectedException extends CertificateException {
    private final transient List<ChainProblem> problems;

    public ChainRejectedException(List<ChainProblem> problems) {
        super(problems.stream().map(ChainProblem::toString).distinct().collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ChainProblem> problems() {
        return problems;
    }

    /** Whether any problem carries {@code code}. */
    public boolean has(String code) {
        return problems.stream().anyMatch(p -> p.code().equals(code));
    }
}
