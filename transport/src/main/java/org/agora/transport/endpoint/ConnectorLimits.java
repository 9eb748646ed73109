package org.agora.transport.endpoint;

import java.time.Duration;

/**
 * What one HTTPS port bears from a client: the largest request body it reads and how long a
 * connection may sit idle before it is closed.
 *
 * @param maxRequestBytes bodies larger than this are answered 413 (announced by Content-Length: before
 *                        anything is read; chunked: as soon as that many bytes arrived); 0 means no limit
 * @param idleTimeout a connection with no traffic for this long is closed; null keeps CXF's default (200 s)
 */
public record ConnectorLimits(long maxRequestBytes, Duration idleTimeout) {
    /** No limits beyond CXF's and Jetty's own: for ports whose only callers are Agora's own services. */
    public static final ConnectorLimits NONE = new ConnectorLimits(0, null);
}
