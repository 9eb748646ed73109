/**
 * The workspace service as a client of the site adapters: {@link
 * org.agora.workspace.adapterclient.SoapNodeGateway} implements the core's node gateway over the
 * generated {@link org.agora.contract.node.Node} port type (a CXF client over mutual TLS in
 * production; any implementation of the port type in-process) and translates to and from its types.
 */
package org.agora.workspace.adapterclient;
