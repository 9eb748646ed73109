package org.agora.gram.job;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One job as a GRAM5 job manager hands it over, whatever language described it. Optional values are
 * {@code null} when the description left them out.
 *
 * @param executable   the program to run in the workspace
 * @param arguments    its arguments, in order
 * @param environment  variables set for it, in the order given
 * @param directory    its working directory
 * @param stdin        file read as standard input
 * @param stdout       file receiving standard output
 * @param stderr       file receiving standard error
 * @param count        number of processes (GRAM's default is 1)
 * @param jobType      how the processes are started (GRAM's default is {@link JobType#MULTIPLE})
 * @param maxWallTime  wall-clock limit
 * @param maxMemory    memory limit per process, MiB
 * @param hostCount    number of hosts the processes span
 * @param queue        batch queue named by the submitter
 * @param project      project (allocation) charged
 * @param image        Agora: the workspace image the job runs in
 * @param vcpus        Agora: virtual CPUs of the workspace
 * @param memoryMiB    Agora: memory of the workspace, MiB
 * @param bid          Agora: credits offered for the workspace over the job's wall time
 * @param otherAttributes attributes Agora does not use, by name as written, values as written
 */
public record JobDescription(
        String executable,
        List<String> arguments,
        Map<String, String> environment,
        String directory,
        String stdin,
        String stdout,
        String stderr,
        int count,
        JobType jobType,
        Duration maxWallTime,
        Long maxMemory,
        Integer hostCount,
        String queue,
        String project,
        String image,
        Integer vcpus,
        Long memoryMiB,
        BigDecimal bid,
        Map<String, List<String>> otherAttributes) {

    public JobDescription {
        arguments = List.copyOf(arguments);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        Map<String, List<String>> others = new LinkedHashMap<>();
        otherAttributes.forEach((name, values) -> others.put(name, List.copyOf(values)));
        otherAttributes = Collections.unmodifiableMap(others);
    }

    /** A builder with GRAM's defaults: count 1, job type multiple. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a description's values in any order; parsers fill it as they read. */
    public static final class Builder {
        private String executable;
        private final List<String> arguments = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String directory;
        private String stdin;
        private String stdout;
        private String stderr;
        private int count = 1;
        private JobType jobType = JobType.MULTIPLE;
        private Duration maxWallTime;
        private Long maxMemory;
        private Integer hostCount;
        private String queue;
        private String project;
        private String image;
        private Integer vcpus;
        private Long memoryMiB;
        private BigDecimal bid;
        private final Map<String, List<String>> otherAttributes = new LinkedHashMap<>();

        public Builder executable(String value) { executable = value; return this; }
        public Builder argument(String value) { arguments.add(value); return this; }
        public Builder environment(String name, String value) { environment.put(name, value); return this; }
        public Builder directory(String value) { directory = value; return this; }
        public Builder stdin(String value) { stdin = value; return this; }
        public Builder stdout(String value) { stdout = value; return this; }
        public Builder stderr(String value) { stderr = value; return this; }
        public Builder count(int value) { count = value; return this; }
        public Builder jobType(JobType value) { jobType = value; return this; }
        public Builder maxWallTime(Duration value) { maxWallTime = value; return this; }
        public Builder maxMemory(long mebibytes) { maxMemory = mebibytes; return this; }
        public Builder hostCount(int value) { hostCount = value; return this; }
        public Builder queue(String value) { queue = value; return this; }
        public Builder project(String value) { project = value; return this; }
        public Builder image(String value) { image = value; return this; }
        public Builder vcpus(int value) { vcpus = value; return this; }
        public Builder memoryMiB(long value) { memoryMiB = value; return this; }
        public Builder bid(BigDecimal value) { bid = value; return this; }
        public Builder otherAttribute(String name, List<String> values) { otherAttributes.put(name, values); return this; }

        public JobDescription build() {
            return new JobDescription(executable, arguments, environment, directory, stdin, stdout, stderr,
                    count, jobType, maxWallTime, maxMemory, hostCount, queue, project, image, vcpus,
                    memoryMiB, bid, otherAttributes);
        }
    }
}
