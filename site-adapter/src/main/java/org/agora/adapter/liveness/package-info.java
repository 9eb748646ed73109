/**
 * Liveness of the node's domains: a {@link org.agora.adapter.liveness.LivenessMonitor} watches
 * libvirt (woken by its lifecycle events, polling as the fallback that never misses a change),
 * cleans up after domains that die, and records what it saw in a
 * {@link org.agora.adapter.liveness.DomainEventLog} the workspace service reads with the node
 * contract's {@code WatchDomains} long poll. Whether a running guest is ready is a
 * {@link org.agora.adapter.liveness.ReadinessProbe}'s answer, asked off the monitor's thread; the
 * network probes reach the guest through {@link org.agora.adapter.liveness.GuestAddresses}.
 */
package org.agora.adapter.liveness;
