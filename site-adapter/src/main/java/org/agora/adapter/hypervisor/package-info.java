/**
 * The {@link org.agora.adapter.hypervisor.Hypervisor} seam and its libvirt implementation: domain
 * XML generated from a workspace's definition, with the workspace id in the domain's metadata so
 * that what libvirt runs can always be matched back to workspaces.
 */
package org.agora.adapter.hypervisor;
