package org.agora.deployment.kind;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The installed kinds by name, found once through {@link ServiceLoader}; immutable afterwards. */
public final class KindRegistry {

    private final Map<String, ComponentKind> kinds;

    private KindRegistry(Map<String, ComponentKind> kinds) {
        this.kinds = Map.copyOf(kinds);
    }

    /** The kinds on the class path of {@code loader}: Agora's own and any a site installed. */
    public static KindRegistry load(ClassLoader loader) {
        return of(ServiceLoader.load(ComponentKind.class, loader).stream().map(ServiceLoader.Provider::get).toList());
    }

    public static KindRegistry installed() {
        return load(KindRegistry.class.getClassLoader());
    }

    /** Two kinds answering to one name would make descriptions ambiguous: refused at start-up. */
    public static KindRegistry of(Collection<ComponentKind> kinds) {
        Map<String, ComponentKind> byName = new TreeMap<>();
        for (ComponentKind kind : kinds) {
            ComponentKind earlier = byName.putIfAbsent(kind.name(), kind);
            if (earlier != null) {
                throw new IllegalStateException("two component kinds are named '" + kind.name() + "': "
                        + earlier.getClass().getName() + " and " + kind.getClass().getName());
            }
        }
        return new KindRegistry(byName);
    }

    public Optional<ComponentKind> find(String name) {
        return Optional.ofNullable(kinds.get(name));
    }

    /** The names, sorted, as an error message lists them. */
    public String names() {
        return String.join(", ", new TreeMap<>(kinds).keySet());
    }
}
