/**
 * How the clients reach the services: CXF ports set up for mutual TLS with a grid credential, and
 * the one-call SOAP path the {@code agora} command reads through; what a failed call means to a user.
 */
package org.agora.client.transport;
