/**
 * The SOAP face of the workspace service: JAX-WS endpoints implementing the port types generated
 * from {@code workspace.wsdl}. They resolve the caller, translate contract types into the core's
 * records ({@link org.agora.workspace.soap.ContractTranslator}), call
 * {@link org.agora.workspace.lifecycle.WorkspaceManager}, and turn its exceptions into WSRF faults
 * in exactly one place ({@link org.agora.workspace.soap.WorkspaceFaults}).
 */
package org.agora.workspace.soap;
