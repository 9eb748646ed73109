package org.agora.deployment.description;

/** Stable codes of what can be wrong with a description; tools and tests match on these, users read the sentence. */
public enum ProblemCode {
    /** The file cannot be read or is not HOCON. */
    SYNTAX,
    /** A {@code ${…}} substitution or an {@code @{…}} reference names nothing. */
    UNRESOLVED_REFERENCE,
    /** References, extension or ordering that go round in a circle. */
    CYCLE,
    /** A {@code kind} no installed {@code ComponentKind} implements. */
    UNKNOWN_KIND,
    /** An attribute the component's kind does not know (a typo, most often). */
    UNKNOWN_ATTRIBUTE,
    /** A required attribute is absent. */
    MISSING_ATTRIBUTE,
    /** A value of the wrong type or outside the values the kind accepts. */
    BAD_VALUE,
    /** A child of a kind its parent cannot hold. */
    CHILD_NOT_ALLOWED,
    /** A value beyond what the site allows. */
    OUT_OF_LIMITS,
    /** A run-time reference to a component the referrer is not ordered after. */
    NOT_ORDERED
}
