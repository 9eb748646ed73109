package org.agora.deployment.description;

/**
 * One thing wrong with a description: where it was written, which component attribute it concerns
 * ({@code deployment/server.memory}) and a sentence saying what is wrong and what would be accepted.
 */
public record Problem(ProblemCode code, Origin origin, String where, String message) {

    @Override
    public String toString() {
        return origin + ": " + where + ": " + message;
    }
}
