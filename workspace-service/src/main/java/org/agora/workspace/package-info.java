/**
 * The workspace service: creates workspaces (virtual machines on worker nodes) for grid users,
 * tracks their state, and destroys them.
 *
 * <p>Layers, outermost first: {@code soap} (JAX-WS endpoints implementing the generated WSRF
 * port types; the only package that imports generated contract types besides {@code adapterclient},
 * the SOAP client of the site adapters), {@code lifecycle} (the protocol-neutral core, behind
 * {@link org.agora.workspace.lifecycle.WorkspaceManager}), {@code node} (the core's gateway to the nodes),
 * {@code placement} (which node gets a workspace), {@code persistence} (Hibernate over MariaDB) and
 * {@code model} (records and enums shared by the others).
 */
package org.agora.workspace;
