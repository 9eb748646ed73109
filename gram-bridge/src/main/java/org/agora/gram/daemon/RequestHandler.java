package org.agora.gram.daemon;

import java.io.IOException;
import org.agora.gram.job.JobDescriptionException;
import org.agora.gram.protocol.ProtocolException;
import org.agora.gram.protocol.Reply;
import org.agora.gram.protocol.Request;
import org.agora.gram.seg.GramState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers one request of a local user (as the socket's peer credentials name them). */
public final class RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    /** Longest an AWAIT is held before answering the state as it is. */
    static final long AWAIT_MILLIS = 60_000;
    private final JobTable table;
    private final JobTracker tracker;
    private final JobStore store;

    public RequestHandler(JobTable table, JobTracker tracker, JobStore store) {
        this.table = table;
        this.tracker = tracker;
        this.store = store;
    }

    public Reply handle(Request request, String user) throws IOException, InterruptedException {
        try {
            return switch (request.command()) {
                case "SUBMIT" -> submit(request, user);
                case "STATUS" -> state(table.get(request.argument(0), user));
                case "AWAIT" -> {
                    BridgeJob job = table.get(request.argument(0), user);
                    job.awaitEnd(AWAIT_MILLIS);
                    yield state(job);
                }
                case "RESULT" -> result(table.get(request.argument(0), user));
                case "COLLECTED" -> {
                    BridgeJob job = table.get(request.argument(0), user);
                    if (!job.state().terminal()) {
                        throw new ProtocolException("not-finished", "job " + job.id() + " has not finished");
                    }
                    tracker.collected(job);
                    yield Reply.ok();
                }
                case "CANCEL" -> {
                    BridgeJob job = table.get(request.argument(0), user);
                    tracker.cancel(job);
                    yield state(job);
                }
                default -> throw new ProtocolException("bad-request", "unknown command " + request.command()
                        + "; SUBMIT, STATUS, AWAIT, RESULT, COLLECTED, CANCEL are known");
            };
        } catch (ProtocolException e) {
            LOG.info("{} from {} refused: {} {}", request.command(), user, e.code(), e.getMessage());
            return Reply.error(e.code(), e.getMessage());
        }
    }

    private Reply submit(Request request, String user) throws ProtocolException, IOException {
        try {
            BridgeJob job = table.submit(user, Submission.from(request));
            LOG.info("job {} submitted by {} ({})", job.id(), user, job.gridJobId());
            return Reply.ok().field("job", job.id());
        } catch (JobDescriptionException e) {
            throw new ProtocolException("refused", e.getMessage());
        }
    }

    private static Reply state(BridgeJob job) {
        Reply reply = Reply.ok().field("state", job.state().name());
        if (job.exitCode() != null) {
            reply.field("exit", job.exitCode().toString());
        }
        if (job.reason() != null) {
            reply.field("reason", job.reason());
        }
        return reply;
    }

    private Reply result(BridgeJob job) throws ProtocolException, IOException {
        if (!job.state().terminal()) {
            throw new ProtocolException("not-finished", "job " + job.id() + " has not finished");
        }
        Reply reply = state(job);
        if (job.resultStored() && job.state() == GramState.DONE) {
            reply.field("stdout", store.stdout(job.id())).field("stderr", store.stderr(job.id()));
        }
        return reply;
    }
}
