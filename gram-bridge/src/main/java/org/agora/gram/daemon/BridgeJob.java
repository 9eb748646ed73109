package org.agora.gram.daemon;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.agora.gram.seg.GramState;
import org.agora.gram.workspace.WorkspaceHandle;
import org.agora.gram.workspace.WorkspaceOrder;

/**
 * One job and how far it got. Guarded by its own monitor: the tracker, the connections and the
 * store meet here, and waiters on the job's end are woken through it.
 */
public final class BridgeJob {
    private final String id;
    private final String owner;
    private final String gridJobId;
    private final Instant submitted;
    /** The workspace the job asks for, without its user-data (the script is stored beside). */
    private final WorkspaceOrder order;
    /** Held while the job is worked on (a tracker step, a cancel): calls to the service happen under it. */
    final ReentrantLock work = new ReentrantLock();
    private GramState state = GramState.PENDING;
    private Integer exitCode;
    private String reason;
    private WorkspaceHandle workspace;
    private boolean createAttempted;
    private boolean workspaceReleased;
    private boolean resultStored;
    private Instant finished;
    private boolean collected;
    private GramState logged;

    BridgeJob(String id, String owner, String gridJobId, Instant submitted, WorkspaceOrder order) {
        this.id = id;
        this.owner = owner;
        this.gridJobId = gridJobId;
        this.submitted = submitted;
        this.order = new WorkspaceOrder(order.name(), order.image(), order.vcpus(), order.memoryMiB(),
                order.lifetime(), order.bid(), order.gridJobId(), null);
    }

    /** The workspace the job asks for, its user-data left out. */
    public WorkspaceOrder order() {
        return order;
    }

    public String id() {
        return id;
    }

    /** The local user whose job manager submitted the job: the only one who may ask about it. */
    public String owner() {
        return owner;
    }

    public String gridJobId() {
        return gridJobId;
    }

    public Instant submitted() {
        return submitted;
    }

    public synchronized GramState state() {
        return state;
    }

    public synchronized Integer exitCode() {
        return exitCode;
    }

    public synchronized String reason() {
        return reason;
    }

    public synchronized WorkspaceHandle workspace() {
        return workspace;
    }

    synchronized void workspace(WorkspaceHandle handle) {
        this.workspace = handle;
    }

    public synchronized boolean createAttempted() {
        return createAttempted;
    }

    synchronized void createAttempted(boolean attempted) {
        this.createAttempted = attempted;
    }

    public synchronized boolean workspaceReleased() {
        return workspaceReleased;
    }

    synchronized void workspaceReleased(boolean released) {
        this.workspaceReleased = released;
    }

    public synchronized boolean resultStored() {
        return resultStored;
    }

    public synchronized Instant finished() {
        return finished;
    }

    public synchronized boolean collected() {
        return collected;
    }

    synchronized void collected(boolean value) {
        this.collected = value;
    }

    /** The last state written to the SEG log; null before any. */
    public synchronized GramState logged() {
        return logged;
    }

    synchronized void logged(GramState value) {
        this.logged = value;
    }

    synchronized void activate() {
        if (state == GramState.PENDING) {
            state = GramState.ACTIVE;
        }
    }

    /** Ends the job (once); wakes every waiter. */
    synchronized boolean finish(GramState end, Integer exit, String why, boolean withResult, Instant at) {
        if (state.terminal()) {
            return false;
        }
        state = end;
        exitCode = exit;
        reason = why;
        resultStored = withResult;
        finished = at;
        notifyAll();
        return true;
    }

    /** Waits until the job has ended or {@code millis} have passed; returns its state then. */
    public synchronized GramState awaitEnd(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!state.terminal()) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return state;
    }

    synchronized Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("owner", owner);
        p.setProperty("gridJobId", gridJobId);
        p.setProperty("submitted", submitted.toString());
        p.setProperty("state", state.name());
        p.setProperty("order.image", order.image());
        p.setProperty("order.vcpus", Integer.toString(order.vcpus()));
        p.setProperty("order.memoryMiB", Integer.toString(order.memoryMiB()));
        p.setProperty("order.lifetime", order.lifetime().toString());
        put(p, "order.bid", order.bid() == null ? null : order.bid().toPlainString());
        put(p, "exitCode", exitCode == null ? null : exitCode.toString());
        put(p, "reason", reason);
        put(p, "workspace.id", workspace == null ? null : workspace.id());
        put(p, "workspace.epr", workspace == null ? null : workspace.epr());
        p.setProperty("createAttempted", Boolean.toString(createAttempted));
        p.setProperty("workspaceReleased", Boolean.toString(workspaceReleased));
        p.setProperty("resultStored", Boolean.toString(resultStored));
        put(p, "finished", finished == null ? null : finished.toString());
        p.setProperty("collected", Boolean.toString(collected));
        put(p, "logged", logged == null ? null : logged.name());
        return p;
    }

    static BridgeJob fromProperties(Properties p) {
        String bid = p.getProperty("order.bid");
        WorkspaceOrder order = new WorkspaceOrder(p.getProperty("id"), p.getProperty("order.image"),
                Integer.parseInt(p.getProperty("order.vcpus")), Integer.parseInt(p.getProperty("order.memoryMiB")),
                Duration.parse(p.getProperty("order.lifetime")), bid == null ? null : new BigDecimal(bid),
                p.getProperty("gridJobId"), null);
        BridgeJob job = new BridgeJob(p.getProperty("id"), p.getProperty("owner"), p.getProperty("gridJobId"),
                Instant.parse(p.getProperty("submitted")), order);
        job.state = GramState.valueOf(p.getProperty("state"));
        String exit = p.getProperty("exitCode");
        job.exitCode = exit == null ? null : Integer.valueOf(exit);
        job.reason = p.getProperty("reason");
        if (p.getProperty("workspace.id") != null) {
            job.workspace = new WorkspaceHandle(p.getProperty("workspace.id"), p.getProperty("workspace.epr"));
        }
        job.createAttempted = Boolean.parseBoolean(p.getProperty("createAttempted"));
        job.workspaceReleased = Boolean.parseBoolean(p.getProperty("workspaceReleased"));
        job.resultStored = Boolean.parseBoolean(p.getProperty("resultStored"));
        String finished = p.getProperty("finished");
        job.finished = finished == null ? null : Instant.parse(finished);
        job.collected = Boolean.parseBoolean(p.getProperty("collected"));
        String logged = p.getProperty("logged");
        job.logged = logged == null ? null : GramState.valueOf(logged);
        return job;
    }

    private static void put(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }
}
