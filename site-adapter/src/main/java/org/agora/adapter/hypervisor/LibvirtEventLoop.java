package org.agora.adapter.hypervisor;

import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's default event loop, one per process as libvirt requires, run on a daemon thread. It
 * must be registered before a connection is opened for that connection to deliver domain events;
 * when it cannot be, connections still work and liveness falls back to polling.
 */
final class LibvirtEventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtEventLoop.class);
    private static boolean started;
    private static boolean available;

    private LibvirtEventLoop() {
    }

    /** Starts the loop on first use; returns whether events can be delivered. */
    static synchronized boolean ensureRunning() {
        if (started) {
            return available;
        }
        started = true;
        try {
            Library.initEventLoop();
        } catch (LibvirtException | RuntimeException | UnsatisfiedLinkError e) {
            LOG.info("event=libvirt.events_unavailable reason=\"{}\" fallback=polling", e.getMessage());
            return false;
        }
        Thread loop = new Thread(() -> {
            try {
                Library.runEventLoop();
            } catch (LibvirtException e) {
                LOG.warn("event=libvirt.event_loop_stopped reason=\"{}\" fallback=polling", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "libvirt-events");
        loop.setDaemon(true);
        loop.start();
        available = true;
        return true;
    }
}
