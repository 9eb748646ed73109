package org.agora.gram.daemon;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.agora.gram.guest.ConsoleParser;
import org.agora.gram.guest.ConsoleReading;
import org.agora.gram.guest.JobResult;
import org.agora.gram.seg.GramState;
import org.agora.gram.seg.SegLog;
import org.agora.gram.workspace.ConsoleText;
import org.agora.gram.workspace.WorkspaceCallException;
import org.agora.gram.workspace.WorkspaceHandle;
import org.agora.gram.workspace.WorkspaceOrder;
import org.agora.gram.workspace.WorkspaceView;
import org.agora.gram.workspace.Workspaces;
import org.agora.gram.workspace.Workspaces.UserWorkspaces;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.GridCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves each job along, one step per job per poll interval: makes its workspace, follows its state
 * and the end of its console, ends the job, releases the workspace, logs the states for the SEG and
 * forgets finished jobs. Also carries out collection and cancellation for the connections.
 */
public final class JobTracker {
    private static final Logger LOG = LoggerFactory.getLogger(JobTracker.class);
    /** GRAM failure codes in FAILED lines of the SEG log. */
    static final int USER_CANCELLED = 8;
    static final int JOB_EXECUTION_FAILED = 17;
    /** Console bytes read each step while the job runs: enough for the START and END lines. */
    static final int CONSOLE_TAIL = 4096;
    /** The whole console the adapter keeps, read once the job's END line is there. */
    static final int CONSOLE_ALL = 1024 * 1024;

    private final JobTable table;
    private final JobStore store;
    private final SegLog seg;
    private final Workspaces workspaces;
    private final Clock clock;
    private final Duration placeTimeout;
    private final Duration collectTimeout;
    private final Duration retention;
    private final Map<String, UserWorkspaces> sessions = new ConcurrentHashMap<>();

    public JobTracker(JobTable table, JobStore store, SegLog seg, Workspaces workspaces, Clock clock,
                      Duration placeTimeout, Duration collectTimeout, Duration retention) {
        this.table = table;
        this.store = store;
        this.seg = seg;
        this.workspaces = workspaces;
        this.clock = clock;
        this.placeTimeout = placeTimeout;
        this.collectTimeout = collectTimeout;
        this.retention = retention;
    }

    /** One step for every job; a job's failure is logged and left for the next round. */
    public void round() {
        for (BridgeJob job : table.all()) {
            job.work.lock();
            try {
                step(job);
            } catch (IOException | RuntimeException e) {
                LOG.error("job {}: {}", job.id(), e.toString());
            } finally {
                job.work.unlock();
            }
        }
    }

    void step(BridgeJob job) throws IOException {
        if (job.state().terminal()) {
            settle(job);
            return;
        }
        UserWorkspaces calls = session(job);
        if (calls == null) {
            return;
        }
        try {
            if (job.workspace() == null) {
                place(job, calls);
                return;
            }
            follow(job, calls);
        } catch (WorkspaceCallException e) {
            if (e.refused()) {
                end(job, GramState.FAILED, JOB_EXECUTION_FAILED, "Agora refused: " + e.getMessage(), null);
            } else if (job.workspace() == null && clock.instant().isAfter(job.submitted().plus(placeTimeout))) {
                end(job, GramState.FAILED, JOB_EXECUTION_FAILED, "Agora did not answer for "
                        + placeTimeout.toSeconds() + " s (agora.gram.place.timeout): " + e.getMessage(), null);
            } else {
                LOG.warn("job {}: the workspace service did not answer, asking again next round: {}", job.id(),
                        e.getMessage());
            }
        }
    }

    private void place(BridgeJob job, UserWorkspaces calls) throws WorkspaceCallException, IOException {
        if (job.createAttempted()) {
            var found = calls.find(job.id());
            if (found.isPresent()) {
                job.workspace(found.get());
                store.save(job);
                store.forgetScript(job.id());
                return;
            }
        }
        job.createAttempted(true);
        store.save(job);
        WorkspaceOrder o = job.order();
        WorkspaceHandle made;
        try {
            made = calls.create(new WorkspaceOrder(o.name(), o.image(), o.vcpus(), o.memoryMiB(), o.lifetime(),
                    o.bid(), o.gridJobId(), store.readScript(job.id())));
        } catch (WorkspaceCallException e) {
            if (!e.sent()) {
                job.createAttempted(false);
                store.save(job);
            }
            throw e;
        }
        job.workspace(made);
        store.save(job);
        store.forgetScript(job.id());
        LOG.info("job {} ({}): workspace {} created", job.id(), job.gridJobId(), made.id());
    }

    private void follow(BridgeJob job, UserWorkspaces calls) throws WorkspaceCallException, IOException {
        WorkspaceHandle workspace = job.workspace();
        WorkspaceView view = calls.view(workspace);
        ConsoleParser parser = new ConsoleParser(job.id());
        if (view.running()) {
            ConsoleText tail = calls.console(workspace, CONSOLE_TAIL);
            ConsoleReading reading = parser.read(tail.text(), true);
            if (reading.started() && job.state() == GramState.PENDING) {
                job.activate();
                store.save(job);
                log(job, GramState.ACTIVE, 0);
            }
            if (!tail.text().contains("AGORA-JOB " + job.id() + " END ")) {
                return;
            }
        } else if (!view.ended()) {
            return;
        }
        ConsoleText all = calls.console(workspace, CONSOLE_ALL);
        ConsoleReading reading = parser.read(all.text(), all.truncated());
        if (reading.started() && job.state() == GramState.PENDING) {
            // A job that ran between two looks still passes through ACTIVE, as GRAM clients expect.
            job.activate();
            store.save(job);
            log(job, GramState.ACTIVE, 0);
        }
        if (reading.finished()) {
            end(job, GramState.DONE, reading.result().exitCode(), null, reading.result());
        } else {
            String why = view.ended() && view.cause() != null ? "the workspace ended: " + view.cause()
                    : reading.problem() != null ? reading.problem()
                    : "the workspace ended (" + view.state() + ") before the job's result was complete";
            end(job, GramState.FAILED, JOB_EXECUTION_FAILED, why, null);
        }
    }

    /** The LRM module has written the result into the user's files: the final state goes to the SEG. */
    public void collected(BridgeJob job) throws IOException {
        job.work.lock();
        try {
            if (!job.collected()) {
                job.collected(true);
                store.save(job);
            }
            settle(job);
        } finally {
            job.work.unlock();
        }
    }

    /** Ends the job as the user asked and destroys its workspace at once. */
    public void cancel(BridgeJob job) throws IOException {
        job.work.lock();
        try {
            end(job, GramState.FAILED, USER_CANCELLED, "cancelled by the user", null);
            // The job manager learns the end from the cancel script's answer. The scheduler event that
            // confirms it is written by the next round, after that answer, as a batch system's comes
            // after its cancel command returns: seen before the answer, it made the cancel report failure.
            job.collected(true);
            store.save(job);
        } finally {
            job.work.unlock();
        }
    }

    private void end(BridgeJob job, GramState state, int exit, String reason, JobResult result) throws IOException {
        if (result != null) {
            store.writeResult(job.id(), result);
        }
        if (job.finish(state, exit, reason, result != null, clock.instant())) {
            store.save(job);
            LOG.info("job {} ({}): {}{}", job.id(), job.gridJobId(), state,
                    reason == null ? " exit " + exit : ": " + reason);
        }
        settle(job);
    }

    /** A finished job: release its workspace, log its end once collected, forget it after the retention. */
    private void settle(BridgeJob job) throws IOException {
        if (job.workspace() != null && !job.workspaceReleased()) {
            UserWorkspaces calls = session(job);
            if (calls != null) {
                try {
                    calls.destroy(job.workspace());
                    job.workspaceReleased(true);
                    store.save(job);
                } catch (WorkspaceCallException e) {
                    LOG.warn("job {}: workspace {} not destroyed yet, again next round: {}", job.id(),
                            job.workspace().id(), e.getMessage());
                }
            }
        } else if (job.workspace() == null && job.createAttempted() && !job.workspaceReleased()) {
            // A create may have been applied without its answer: find it to destroy it.
            UserWorkspaces calls = session(job);
            if (calls != null) {
                try {
                    var found = calls.find(job.id());
                    if (found.isPresent()) {
                        job.workspace(found.get());
                        calls.destroy(found.get());
                    }
                    job.workspaceReleased(true);
                    store.save(job);
                } catch (WorkspaceCallException e) {
                    LOG.warn("job {}: cannot look for its workspace yet: {}", job.id(), e.getMessage());
                }
            }
        }
        Instant now = clock.instant();
        boolean overdue = job.finished() != null && now.isAfter(job.finished().plus(collectTimeout));
        if ((job.collected() || overdue) && job.logged() != job.state()) {
            log(job, job.state(), job.exitCode() == null ? JOB_EXECUTION_FAILED : job.exitCode());
        }
        // The proxy is kept while a workspace may still need destroying: only it may sign that.
        boolean released = job.workspaceReleased() || !job.createAttempted();
        if (job.logged() == job.state() && released) {
            store.forgetProxy(job.id());
            closeSession(job);
            if (now.isAfter(job.finished().plus(retention))) {
                table.remove(job.id());
            }
        }
    }

    private void log(BridgeJob job, GramState state, int exit) throws IOException {
        seg.log(job.id(), state, exit);
        job.logged(state);
        store.save(job);
    }

    /** The job's calls as its user; null (and the job failed) when the proxy cannot be used. */
    private UserWorkspaces session(BridgeJob job) throws IOException {
        UserWorkspaces calls = sessions.get(job.id());
        if (calls != null) {
            return calls;
        }
        try {
            GridCredential proxy = GridCredential.fromProxyFile(store.proxy(job.id()));
            calls = workspaces.forUser(proxy);
            sessions.put(job.id(), calls);
            return calls;
        } catch (CredentialException e) {
            String why = "the user's delegated proxy is no longer usable: " + e.getMessage();
            if (!job.state().terminal()) {
                job.finish(GramState.FAILED, JOB_EXECUTION_FAILED, why, false, clock.instant());
                store.save(job);
            }
            LOG.warn("job {}: {}", job.id(), why);
            return null;
        }
    }

    private void closeSession(BridgeJob job) {
        UserWorkspaces calls = sessions.remove(job.id());
        if (calls != null) {
            calls.close();
        }
    }

    /** Closes every session (the daemon stops). */
    public void close() {
        sessions.values().forEach(UserWorkspaces::close);
        sessions.clear();
    }
}
