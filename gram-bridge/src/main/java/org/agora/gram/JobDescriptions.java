package org.agora.gram;

import java.io.InputStream;
import java.util.Map;

import org.agora.gram.job.JobDescription;
import org.agora.gram.job.JobDescriptionException;
import org.agora.gram.job.JobType;
import org.agora.gram.jsdl.JsdlParser;
import org.agora.gram.rsl.RslJobReader;

/** Jobs Agora can run, from either description language. */
public final class JobDescriptions {

    private JobDescriptions() {
    }

    /** A runnable job from GRAM5 RSL with no variables predefined. */
    public static JobDescription fromRsl(String rsl) throws JobDescriptionException {
        return fromRsl(rsl, Map.of());
    }

    /** A runnable job from GRAM5 RSL; {@code variables} are those the job manager defines (HOME, LOGNAME...). */
    public static JobDescription fromRsl(String rsl, Map<String, String> variables) throws JobDescriptionException {
        return requireRunnable(RslJobReader.read(rsl, variables));
    }

    /** A runnable job from a JSDL 1.0 document. */
    public static JobDescription fromJsdl(InputStream jsdl) throws JobDescriptionException {
        return requireRunnable(JsdlParser.parse(jsdl));
    }

    /**
     * {@code job} itself when Agora can run it: an executable, at least one process, and a single or
     * multiple job on one host (a workspace is one host).
     */
    public static JobDescription requireRunnable(JobDescription job) throws JobDescriptionException {
        if (job.executable() == null || job.executable().isBlank()) {
            throw new JobDescriptionException("executable", job.executable(), "a program to run is required");
        }
        if (job.count() < 1) {
            throw new JobDescriptionException("count", String.valueOf(job.count()), "at least 1 process");
        }
        if (job.jobType() != JobType.SINGLE && job.jobType() != JobType.MULTIPLE) {
            throw new JobDescriptionException("job_type", job.jobType().rslName(),
                    "Agora runs single and multiple jobs");
        }
        if (job.hostCount() != null && job.hostCount() > 1) {
            throw new JobDescriptionException("host_count", String.valueOf(job.hostCount()),
                    "Agora runs single and multiple jobs on one host (host_count 1)");
        }
        return job;
    }
}
