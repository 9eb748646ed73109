package org.agora.adapter.service;

import org.agora.adapter.hypervisor.DomainStatus;

/** A workspace's disk saved into the node's image repository under {@code image}, and its domain after. */
public record SavedDisk(DomainStatus status, String image) {
}
