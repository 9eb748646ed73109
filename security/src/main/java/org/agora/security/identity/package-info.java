/**
 * Who is calling: the end-entity subject of a validated chain, and what kind of proxy it came through
 * (RFC 3820, the pre-RFC draft or legacy Globus, read from a certificate by {@link ProxyCertificates}).
 */
package org.agora.security.identity;
