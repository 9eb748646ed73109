/**
 * The node contract's SOAP edge: the port the workspace service calls, and the translation between
 * the contract's generated types and the node service ({@code org.agora.adapter.service}).
 */
package org.agora.adapter.node;
