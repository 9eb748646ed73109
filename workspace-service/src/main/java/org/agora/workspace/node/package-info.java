/**
 * The workspace core's seam to the nodes: {@link org.agora.workspace.node.NodeGateway} and the
 * records and enums it speaks in. Nothing here names the node contract's generated types; the
 * SOAP client of the site adapters lives in {@code org.agora.workspace.adapterclient}.
 */
package org.agora.workspace.node;
