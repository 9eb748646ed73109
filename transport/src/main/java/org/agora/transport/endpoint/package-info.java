/**
 * The serving side: CXF over Jetty with mutual TLS (TLS 1.2+), the credential presented and the
 * trust anchors used coming from {@code org.agora.security}. A caller without a certificate that
 * chains to a trusted CA never reaches a service. Around every endpoint: the size and idle limits of
 * its port, the node contract's caller gate, and one place that turns every fault sent into the
 * service's typed answer and one log line.
 */
package org.agora.transport.endpoint;
