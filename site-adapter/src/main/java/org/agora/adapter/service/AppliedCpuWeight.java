package org.agora.adapter.service;

/**
 * The CPU weight the hypervisor reports after it was set.
 *
 * @param capPercent the cap it reports after, or null when it applied none (it has no caps, or none was asked)
 */
public record AppliedCpuWeight(String workspaceId, int weight, Integer capPercent) {
}
