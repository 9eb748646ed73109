/**
 * The node service in the adapter's own terms: deploy, destroy, control and report a node's
 * workspace domains over the hypervisor, storage, image cache and liveness monitor. No contract
 * type enters here; the SOAP edge ({@code org.agora.adapter.node}) translates to and from it.
 */
package org.agora.adapter.service;
