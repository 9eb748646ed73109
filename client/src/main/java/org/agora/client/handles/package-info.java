/**
 * Short handles ({@code ws-001}) for the EPRs a user has created, kept as files under
 * {@code ~/.agora/workspaces}, as Nimbus' cloud-client kept them.
 */
package org.agora.client.handles;
