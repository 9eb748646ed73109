package org.agora.gram.workspace;

/**
 * A workspace made for a job.
 *
 * @param id  the workspace's id at the site
 * @param epr its endpoint reference as XML, kept so a restarted bridge reaches it again
 */
public record WorkspaceHandle(String id, String epr) {
}
