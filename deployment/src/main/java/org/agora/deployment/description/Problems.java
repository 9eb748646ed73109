package org.agora.deployment.description;

import java.util.ArrayList;
import java.util.List;

/** The problems found so far while a description is read; each phase adds to it, the caller throws once. */
public final class Problems {

    private final List<Problem> found = new ArrayList<>();

    public void add(ProblemCode code, Origin origin, String where, String message) {
        found.add(new Problem(code, origin, where, message));
    }

    public boolean any() {
        return !found.isEmpty();
    }

    public List<Problem> list() {
        return List.copyOf(found);
    }

    /** Throws with everything found so far, if anything was. */
    public void throwIfAny() throws DescriptionException {
        if (any()) {
            throw new DescriptionException(found);
        }
    }
}
