/**
 * The bridge's view of Agora's workspace service, in its own terms: what a job asks for
 * ({@link org.agora.gram.workspace.WorkspaceOrder}, made by {@link org.agora.gram.workspace.WorkspaceOrders}),
 * and the calls made for a user ({@link org.agora.gram.workspace.Workspaces}), with
 * {@link org.agora.gram.workspace.AgoraWorkspaces} the one implementation: CXF client ports over TLS
 * with the CE's host credential, every message signed with the user's delegated proxy.
 */
package org.agora.gram.workspace;
