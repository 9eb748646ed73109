package org.agora.adapter.liveness;

/** Ready as soon as the domain runs: for sites whose images give no sign when their services are up. */
public final class RunningProbe implements ReadinessProbe {
    @Override
    public Verdict probe(String workspaceId) {
        return Verdict.ready("running");
    }

    @Override
    public String describe() {
        return "running";
    }
}
