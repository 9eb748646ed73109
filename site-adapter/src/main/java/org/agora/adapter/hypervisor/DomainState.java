package org.agora.adapter.hypervisor;

/** What libvirt says of a workspace's domain; ABSENT when it has none. */
public enum DomainState {
    ABSENT, DEFINED, RUNNING, PAUSED, SHUTTING_DOWN, SHUTOFF, CRASHED
}
