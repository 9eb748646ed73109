package org.agora.workspace.model;

/** What happens to a workspace at its termination time. */
public enum ShutdownMechanism {
    /** The guest is asked to shut down, then its domain and disk are removed. */
    NORMAL,
    /** The domain is destroyed at once, without asking the guest. */
    TRASH,
    /** The guest is shut down and its disk saved into the site's image repository, then removed. */
    SAVE;

    public String contractName() {
        return name().charAt(0) + name().substring(1).toLowerCase();
    }

    public static ShutdownMechanism fromContract(String value) {
        return value == null ? null : valueOf(value.toUpperCase());
    }
}
