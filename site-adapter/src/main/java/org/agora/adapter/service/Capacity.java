package org.agora.adapter.service;

/**
 * Capacity a node advertises; zero fields mean "what the hypervisor reports". The ratios over-commit
 * CPUs and memory (100: none).
 */
public record Capacity(int vcpus, long memoryMiB, long diskMiB, int cpuRatioPercent, int memoryRatioPercent) {
    /** Capacity without over-commit. */
    public Capacity(int vcpus, long memoryMiB, long diskMiB) {
        this(vcpus, memoryMiB, diskMiB, 100, 100);
    }
}
