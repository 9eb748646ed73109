package org.agora.adapter.liveness;

/**
 * Tells whether a running guest is ready for its user: its services up, not merely its domain
 * running. Asked by the liveness monitor, from its own thread, for each running guest not yet ready,
 * at every check; a probe answers within its own bounded time and treats any failure as "not yet".
 */
public interface ReadinessProbe {
    boolean ready(String workspaceId);

    /** What readiness means under this probe, in words, for logs and the domain event log. */
    String describe();

    /** Ready as soon as the domain runs. */
    ReadinessProbe RUNNING = new ReadinessProbe() {
        @Override
        public boolean ready(String workspaceId) {
            return true;
        }

        @Override
        public String describe() {
            return "running";
        }
    };
}
