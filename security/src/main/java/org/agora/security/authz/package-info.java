/**
 * Who may use the site at all: the grid-mapfile and a VO/FQAN policy, consulted before any
 * operation. What a caller may do to a particular workspace (owners and admins) is decided by the
 * service that owns it.
 */
package org.agora.security.authz;
