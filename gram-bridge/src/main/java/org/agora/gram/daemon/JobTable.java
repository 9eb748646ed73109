package org.agora.gram.daemon;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.agora.gram.guest.JobScript;
import org.agora.gram.job.JobDescriptionException;
import org.agora.gram.protocol.ProtocolException;
import org.agora.gram.workspace.WorkspaceOrder;
import org.agora.gram.workspace.WorkspaceOrders;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.GridCredential;

/** The daemon's jobs, each stored as it changes; at most a configured number at once. */
public final class JobTable {
    private final Map<String, BridgeJob> jobs = new ConcurrentHashMap<>();
    private final JobStore store;
    private final WorkspaceOrders orders;
    private final JobScript scripts;
    private final int maxJobs;
    private final Clock clock;

    public JobTable(JobStore store, WorkspaceOrders orders, JobScript scripts, int maxJobs, Clock clock)
            throws IOException {
        this.store = store;
        this.orders = orders;
        this.scripts = scripts;
        this.maxJobs = maxJobs;
        this.clock = clock;
        for (BridgeJob job : store.loadAll()) {
            jobs.put(job.id(), job);
        }
    }

    /**
     * Takes a job: checks it, writes its script and stores it with the user's proxy. Answers at
     * once; the workspace is made by the tracker.
     */
    public BridgeJob submit(String owner, Submission submission) throws ProtocolException, JobDescriptionException,
            IOException {
        if (jobs.size() >= maxJobs) {
            throw new ProtocolException("busy", "the bridge holds " + maxJobs + " jobs, its limit "
                    + "(agora.gram.jobs.max); submit again later");
        }
        String id = UUID.randomUUID().toString();
        String script = scripts.generate(id, submission.job(), submission.stdin());
        WorkspaceOrder order = orders.order(id, submission.job(), submission.gridJobId(), script);
        store.create(id);
        try {
            store.writeProxy(id, submission.proxy());
            GridCredential proxy = GridCredential.fromProxyFile(store.proxy(id));
            Instant now = clock.instant();
            if (!proxy.notAfter().isAfter(now)) {
                throw new ProtocolException("refused", "the delegated proxy of " + proxy.identity()
                        + " expired at " + proxy.notAfter());
            }
            store.writeScript(id, script);
            BridgeJob job = new BridgeJob(id, owner, submission.gridJobId(), now, order);
            store.save(job);
            jobs.put(id, job);
            return job;
        } catch (CredentialException e) {
            store.delete(id);
            throw new ProtocolException("refused", "the delegated proxy is unreadable: " + e.getMessage());
        } catch (ProtocolException | IOException | RuntimeException e) {
            store.delete(id);
            throw e;
        }
    }

    /** The job {@code id} of {@code owner}; another user's job is as unknown as a missing one. */
    public BridgeJob get(String id, String owner) throws ProtocolException {
        BridgeJob job = jobs.get(id);
        if (job == null || !job.owner().equals(owner)) {
            throw new ProtocolException("unknown-job", "no job " + id + " of yours at this bridge");
        }
        return job;
    }

    public Collection<BridgeJob> all() {
        return List.copyOf(jobs.values());
    }

    public int size() {
        return jobs.size();
    }

    void remove(String id) throws IOException {
        jobs.remove(id);
        store.delete(id);
    }
}
