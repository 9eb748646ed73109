/** CXF client ports set up for mutual TLS with a grid credential. */
package org.agora.client.transport;
