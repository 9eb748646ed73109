package org.agora.adapter.service;

import org.agora.adapter.hypervisor.DomainStatus;

/**
 * A workspace's domain as the node sees it.
 *
 * @param ready whether the running guest passed the node's readiness probe; null when it is not running
 */
public record DomainReport(DomainStatus status, Boolean ready) {
}
