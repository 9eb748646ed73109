package org.agora.gram;

import static org.agora.gram.job.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.agora.gram.job.JobDescription;
import org.agora.gram.job.JobType;
import org.junit.jupiter.api.Test;

class JobDescriptionsTest {

    @Test
    void readsTheConventionsExampleIntoTheModel() throws Exception {
        JobDescription job = JobDescriptions.fromRsl(
                "&(executable=/bin/sh)(arguments=\"a\" \"b\")(environment=(K v)(K2 v2))(rsl_substitution=(VAR x))");
        assertEquals("/bin/sh", job.executable());
        assertEquals(List.of("a", "b"), job.arguments());
        assertEquals(List.of("K", "K2"), List.copyOf(job.environment().keySet()));
        assertEquals("v2", job.environment().get("K2"));
        assertEquals(1, job.count());
        assertEquals(JobType.MULTIPLE, job.jobType());
        assertTrue(job.otherAttributes().isEmpty(), job.otherAttributes().toString());
    }

    @Test
    void readsEveryAttributeAgoraUses() throws Exception {
        JobDescription job = JobDescriptions.fromRsl("""
                &(executable = /usr/bin/python3)
                 (arguments = run.py "--input" "my data.csv")
                 (directory = /scratch/job1)
                 (stdin = /dev/null)(stdout = out.txt)(stderr = err.txt)
                 (count = 4)(job_type = single)
                 (max_wall_time = 90)(max_memory = 2048)(host_count = 1)
                 (queue = short)(project = atlas)
                 (agora_image = "sl7-worker.qcow2")(agora_vcpus = 2)(agora_memory = 4096)(agora_bid = 12.50)
                """);
        assertEquals(JobDescription.builder()
                .executable("/usr/bin/python3").argument("run.py").argument("--input").argument("my data.csv")
                .directory("/scratch/job1").stdin("/dev/null").stdout("out.txt").stderr("err.txt")
                .count(4).jobType(JobType.SINGLE).maxWallTime(Duration.ofMinutes(90)).maxMemory(2048)
                .hostCount(1).queue("short").project("atlas")
                .image("sl7-worker.qcow2").vcpus(2).memoryMiB(4096).bid(new BigDecimal("12.50"))
                .build(), job);
    }

    @Test
    void attributeNamesIgnoreCaseAndUnderscores() throws Exception {
        Duration ninety = Duration.ofMinutes(90);
        for (String spelling : List.of("maxWallTime", "max_wall_time", "MAXWALLTIME", "Max_WallTime", "m_a_x_walltime")) {
            JobDescription job = JobDescriptions.fromRsl("&(Executable=/bin/true)(" + spelling + "=90)");
            assertEquals(ninety, job.maxWallTime(), spelling);
        }
        assertEquals(JobType.SINGLE, JobDescriptions.fromRsl("&(EXECUTABLE=/bin/true)(JobType=SINGLE)").jobType());
    }

    @Test
    void keepsAttributesAgoraDoesNotUseAsWritten() throws Exception {
        JobDescription job = JobDescriptions.fromRsl(
                "&(executable=/bin/true)(file_stage_in=(gsiftp://se/in /tmp/in))(dry_run=yes)(max_cpu_time=5)");
        assertEquals(Map.of("file_stage_in", List.of("(gsiftp://se/in /tmp/in)"),
                "dry_run", List.of("yes"), "max_cpu_time", List.of("5")), job.otherAttributes());
        assertNull(job.maxWallTime());
    }

    @Test
    void substitutesVariablesFromTheJobManagerAndTheRequest() throws Exception {
        JobDescription job = JobDescriptions.fromRsl(
                "&(rsl_substitution=(OUT $(HOME)#/out))(executable=$(HOME)#/bin/run)(stdout=$(OUT)#/stdout)",
                Map.of("HOME", "/home/alice"));
        assertEquals("/home/alice/bin/run", job.executable());
        assertEquals("/home/alice/out/stdout", job.stdout());
    }

    @Test
    void refusesCountBeyondItsRangeQuotingIt() {
        String message = assertRefused("count", () -> JobDescriptions.fromRsl("&(executable=/bin/true)(count=4294967298)"));
        assertTrue(message.contains("\"4294967298\""), message);
        assertTrue(message.contains("2147483647"), message);
        assertRefused("count", () -> JobDescriptions.fromRsl("&(executable=/bin/true)(count=99999999999999999999999)"));
    }

    @Test
    void refusesNumbersThatAreNotWholeOrNotPositive() {
        assertRefused("count", () -> JobDescriptions.fromRsl("&(executable=/bin/true)(count=-1)"));
        assertRefused("count", () -> JobDescriptions.fromRsl("&(executable=/bin/true)(count=two)"));
        assertRefused("max_wall_time", () -> JobDescriptions.fromRsl("&(executable=/bin/true)(max_wall_time=1.5)"));
        assertRefused("max_wall_time", () -> JobDescriptions.fromRsl("&(executable=/bin/true)(max_wall_time=0)"));
        assertRefused("maxMemory", () -> JobDescriptions.fromRsl("&(executable=/bin/true)(maxMemory=9999999999)"));
        assertRefused("agora_vcpus", () -> JobDescriptions.fromRsl("&(executable=/bin/true)(agora_vcpus=0)"));
        assertRefused("agora_bid", () -> JobDescriptions.fromRsl("&(executable=/bin/true)(agora_bid=-3)"));
        assertRefused("agora_bid", () -> JobDescriptions.fromRsl("&(executable=/bin/true)(agora_bid=1e9)"));
    }

    @Test
    void refusesCountOfZero() {
        assertRefused("count", () -> JobDescriptions.fromRsl("&(executable=/bin/true)(count=0)"));
    }

    @Test
    void refusesSeveralValuesWhereOneIsExpected() {
        assertRefused("executable", () -> JobDescriptions.fromRsl("&(executable=/bin/a /bin/b)"));
        assertRefused("stdout", () -> JobDescriptions.fromRsl("&(executable=/bin/a)(stdout=(a b))"));
    }

    @Test
    void refusesMalformedEnvironmentAndArguments() {
        assertRefused("environment", () -> JobDescriptions.fromRsl("&(executable=/bin/a)(environment=K v)"));
        assertRefused("environment", () -> JobDescriptions.fromRsl("&(executable=/bin/a)(environment=(K))"));
        assertRefused("arguments", () -> JobDescriptions.fromRsl("&(executable=/bin/a)(arguments=a (b c))"));
    }

    @Test
    void refusesUnknownJobType() {
        String message = assertRefused("job_type", () -> JobDescriptions.fromRsl("&(executable=/bin/a)(job_type=parallel)"));
        assertTrue(message.contains("single, multiple"), message);
    }

    @Test
    void refusesJobWithoutExecutable() {
        assertRefused("executable", () -> JobDescriptions.fromRsl("&(arguments=a)"));
        assertRefused("executable", () -> JobDescriptions.fromRsl("&(executable=\"  \")"));
    }

    @Test
    void refusesMpiAndCondorJobsSayingWhatAgoraRuns() {
        for (String type : List.of("mpi", "condor")) {
            String message = assertRefused("job_type",
                    () -> JobDescriptions.fromRsl("&(executable=/bin/a)(job_type=" + type + ")"));
            assertTrue(message.contains("Agora runs single and multiple jobs"), message);
        }
    }

    @Test
    void refusesMoreThanOneHost() throws Exception {
        String message = assertRefused("host_count",
                () -> JobDescriptions.fromRsl("&(executable=/bin/a)(host_count=2)"));
        assertTrue(message.contains("Agora runs single and multiple jobs"), message);
        assertEquals(1, JobDescriptions.fromRsl("&(executable=/bin/a)(host_count=1)").hostCount());
    }

    @Test
    void quotesOnlyTheStartOfALongValue() {
        String longType = "x".repeat(5000);
        String message = assertRefused("job_type",
                () -> JobDescriptions.fromRsl("&(executable=/bin/a)(job_type=" + longType + ")"));
        assertTrue(message.length() < 200, message);
        assertTrue(message.contains("..."), message);
    }
}
