package org.agora.market.sls;

import java.util.Set;

/**
 * Who may register hosts into this server's SLS: its site admins, the servers of the other sites it
 * trusts (DNs in slash form), and the server itself for its own nodes.
 *
 * @param siteDn the server's own host DN: entries it registered are its nodes, which no other
 *        site may take over
 */
public record Registrants(String siteDn, Set<String> siteAdmins, Set<String> otherSites) {
    /** The server setting that lists other sites' server DNs; named in refusals so an admin knows what to change. */
    public static final String SITES_SETTING = "agora.market.sites";

    public Registrants {
        siteAdmins = Set.copyOf(siteAdmins);
        otherSites = Set.copyOf(otherSites);
    }

    public boolean isSiteAdmin(String dn) {
        return siteAdmins.contains(dn);
    }

    /** Whether {@code dn} may register hosts at all (which hosts is decided per entry). */
    public boolean mayRegister(String dn) {
        return siteDn.equals(dn) || siteAdmins.contains(dn) || otherSites.contains(dn);
    }
}
