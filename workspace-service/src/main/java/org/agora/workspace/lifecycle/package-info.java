/**
 * The protocol-neutral core of the workspace service. {@link org.agora.workspace.lifecycle.WorkspaceManager}
 * takes requests from any front end (SOAP today) and hands each to the part that decides, persists
 * and drives nodes through {@link org.agora.workspace.node.NodeGateway}; nothing here imports a
 * generated contract type. Exceptions here are the conditions a caller can act on; the
 * SOAP layer maps each to one WSRF fault.
 */
package org.agora.workspace.lifecycle;
