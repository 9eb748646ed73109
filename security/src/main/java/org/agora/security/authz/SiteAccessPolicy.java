package org.agora.security.authz;

import org.agora.security.identity.GridIdentity;

/** Decides whether an authenticated grid identity may use this site's services at all. */
public interface SiteAccessPolicy {
    void admit(GridIdentity caller) throws AccessDeniedException;

    /** Every identity a trusted CA vouches for: the demo's policy, and a site without a grid-mapfile. */
    SiteAccessPolicy ALL_TRUSTED = caller -> { };
}
