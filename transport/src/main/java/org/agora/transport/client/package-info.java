/**
 * What every client of the services shares: {@link org.agora.transport.client.ClientPorts} (one CXF
 * set-up for the ports of a site's services), {@link org.agora.transport.client.ServiceCallException}
 * (a call answered by a fault or not answered at all), {@link org.agora.transport.client.TransportFailure}
 * (why no answer came, in one sentence, and whether the request may be sent again) and
 * {@link org.agora.transport.client.SameIdRetry} (sending a call that carries its own id again).
 */
package org.agora.transport.client;
