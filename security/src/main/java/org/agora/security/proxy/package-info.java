/**
 * Proxy certificates (RFC 3820, the pre-RFC draft and legacy Globus proxies): recognising them in
 * a chain and making new ones, byte-compatible with what {@code grid-proxy-init} writes.
 */
package org.agora.security.proxy;
