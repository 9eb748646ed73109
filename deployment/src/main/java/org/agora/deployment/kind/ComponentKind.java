package org.agora.deployment.kind;

import java.util.Set;

/**
 * A kind of component: the code behind a {@code kind = …} name in a description (SmartFrog's
 * sfClass). Agora ships {@code domain}, {@code storage} and {@code compound}; a new kind is a class
 * implementing this interface, with a public no-argument constructor, named in a
 * {@code META-INF/services/org.agora.deployment.kind.ComponentKind} file of its jar, found through
 * {@link java.util.ServiceLoader} when the service starts ({@link KindRegistry}).
 *
 * <p>Life cycle: one instance per kind for the life of the process, shared by every description
 * read; it must hold no state between calls and may be called from several threads. {@link #read}
 * is called once per component of this kind, after {@code ${…}} substitutions and static
 * {@code @{…}} references are resolved, before the description is accepted; it reports every problem
 * through the attributes it is given and returns its spec (any value when it reported a problem: the
 * description is refused anyway).
 */
public interface ComponentKind {

    /** The name users write after {@code kind =}; lower case, unique among installed kinds. */
    String name();

    /** Every attribute this kind reads, besides {@code kind} and {@code after}; any other is refused as a typo. */
    Set<String> attributes();

    /**
     * Attributes known only once the component is deployed (a domain's {@code address}), which other
     * components may reference with {@code @{path/attribute}} if they are ordered after this one.
     */
    default Set<String> runTimeAttributes() {
        return Set.of();
    }

    /**
     * Attributes whose text may hold run-time references (a domain's {@code user-data}): the code
     * deploying the kind resolves them with {@code LateBinding.resolve} when the targets are Ready.
     * A run-time reference in any other attribute is refused when the description is read.
     */
    default Set<String> lateBoundAttributes() {
        return Set.of();
    }

    /** Whether a component of this kind may hold a child of {@code childKind}. */
    default boolean acceptsChild(String childKind) {
        return false;
    }

    /** Reads and checks the component's attributes. */
    ComponentSpec read(ComponentAttributes attributes);
}
