/**
 * Who may use the site at all (the grid-mapfile and a VO/FQAN policy, consulted before any
 * operation) and what a limited proxy may do anywhere (only the operations that read, by
 * {@link org.agora.security.authz.LimitedProxyPolicy} over the {@link
 * org.agora.security.authz.ContractOperations} table), and which compute elements may relay
 * their users' signed calls ({@link org.agora.security.authz.TrustedComputeElements}). What a
 * caller may do to a particular workspace (owners and admins) is decided by the service that owns it.
 */
package org.agora.security.authz;
