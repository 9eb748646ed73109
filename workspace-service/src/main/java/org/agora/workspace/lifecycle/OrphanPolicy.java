package org.agora.workspace.lifecycle;

/** What reconciliation does with domains no live workspace accounts for. */
public enum OrphanPolicy {
    /** Log them and leave them: a domain is never removed on a guess. */
    REPORT,
    /** Remove them with their storage. */
    DESTROY
}
