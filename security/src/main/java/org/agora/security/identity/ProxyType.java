package org.agora.security.identity;

/**
 * The kind of certificate a caller presented, in the terms {@code grid-proxy-info -type} uses.
 * Limited proxies may read but not act with consequences (create workspaces, move credits).
 */
public enum ProxyType {
    END_ENTITY("end entity credential", false),
    RFC3820_IMPERSONATION("RFC 3820 compliant impersonation proxy", false),
    RFC3820_INDEPENDENT("RFC 3820 compliant independent proxy", false),
    RFC3820_LIMITED("RFC 3820 compliant limited proxy", true),
    DRAFT_IMPERSONATION("Proxy draft (pre-RFC) compliant impersonation proxy", false),
    DRAFT_LIMITED("Proxy draft (pre-RFC) compliant limited proxy", true),
    LEGACY_FULL("full legacy globus proxy", false),
    LEGACY_LIMITED("limited legacy globus proxy", true);

    private final String description;
    private final boolean limited;

    ProxyType(String description, boolean limited) {
        this.description = description;
        this.limited = limited;
    }

    /** The line {@code grid-proxy-info -type} prints for this kind. */
    public String description() {
        return description;
    }

    public boolean isLimited() {
        return limited;
    }

    public boolean isProxy() {
        return this != END_ENTITY;
    }
}
