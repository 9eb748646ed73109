/**
 * Proxy certificates (RFC 3820, the pre-RFC draft and legacy Globus proxies): making new ones,
 * byte-compatible with what {@code grid-proxy-init} writes, and describing a proxy file.
 */
package org.agora.security.proxy;
