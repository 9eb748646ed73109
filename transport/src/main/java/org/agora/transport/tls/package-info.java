/**
 * The calling side of mutual TLS: a JAX-WS port pointed at an HTTPS address, presenting a grid
 * credential ({@code org.agora.security.tls.TlsMaterial}) and checking the server's chain and host
 * name; plain HTTP only for a notification consumer a subscriber chose to run without TLS.
 */
package org.agora.transport.tls;
