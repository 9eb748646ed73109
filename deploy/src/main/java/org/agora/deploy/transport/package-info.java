/**
 * HTTPS for every Agora endpoint and client: CXF over Jetty with mutual TLS (TLS 1.2+), the
 * credential presented and the trust anchors used coming from {@code org.agora.security}.
 * A caller without a certificate that chains to a trusted CA never reaches a service.
 */
package org.agora.deploy.transport;
