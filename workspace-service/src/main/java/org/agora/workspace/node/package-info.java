/**
 * The service's side of the node contract: the site adapters it may place workspaces on, reached
 * through the generated {@link org.agora.contract.node.Node} port type (a CXF client over mutual
 * TLS in production; any implementation of the port type in-process).
 */
package org.agora.workspace.node;
