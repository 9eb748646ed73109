package org.agora.gram.rsl;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.agora.gram.job.JobDescription;
import org.agora.gram.job.JobDescriptionException;
import org.agora.gram.job.JobType;

/**
 * Reads GRAM5 RSL into a {@link JobDescription}. Times are in minutes and memory in megabytes, as GRAM
 * has them. Agora's own attributes are {@code agora_image}, {@code agora_vcpus}, {@code agora_memory}
 * (MiB) and {@code agora_bid} (credits). Attributes Agora does not use are kept as written.
 */
public final class RslJobReader {

    private RslJobReader() {
    }

    /** Parses {@code rsl}, expands its variables over {@code predefined}, and reads the job. */
    public static JobDescription read(String rsl, Map<String, String> predefined) throws JobDescriptionException {
        return read(RslSubstitution.expand(RslParser.parse(rsl), predefined));
    }

    /** Reads relations whose references are already expanded. */
    public static JobDescription read(List<RslRelation> relations) throws JobDescriptionException {
        JobDescription.Builder job = JobDescription.builder();
        for (RslRelation relation : relations) {
            String name = relation.attribute();
            switch (relation.name()) {
                case "executable" -> job.executable(single(relation));
                case "arguments" -> strings(relation).forEach(job::argument);
                case "environment" -> environment(relation, job);
                case "directory" -> job.directory(single(relation));
                case "stdin" -> job.stdin(single(relation));
                case "stdout" -> job.stdout(single(relation));
                case "stderr" -> job.stderr(single(relation));
                case "count" -> job.count((int) whole(relation, 0, Integer.MAX_VALUE));
                case "jobtype" -> job.jobType(JobType.parse(name, single(relation)));
                case "maxwalltime" -> job.maxWallTime(Duration.ofMinutes(whole(relation, 1, Integer.MAX_VALUE)));
                case "maxmemory" -> job.maxMemory(whole(relation, 1, Integer.MAX_VALUE));
                case "hostcount" -> job.hostCount((int) whole(relation, 1, Integer.MAX_VALUE));
                case "queue" -> job.queue(single(relation));
                case "project" -> job.project(single(relation));
                case "agoraimage" -> job.image(single(relation));
                case "agoravcpus" -> job.vcpus((int) whole(relation, 1, 4096));
                case "agoramemory" -> job.memoryMiB(whole(relation, 1, Integer.MAX_VALUE));
                case "agorabid" -> job.bid(credits(relation));
                default -> job.otherAttribute(name, relation.values().stream().map(RslJobReader::written).toList());
            }
        }
        return job.build();
    }

    private static String written(RslValue value) {
        return value instanceof RslValue.Literal literal ? literal.text() : value.toString();
    }

    private static String single(RslRelation relation) throws JobDescriptionException {
        if (relation.values().size() != 1 || !(relation.values().get(0) instanceof RslValue.Literal literal)) {
            throw new JobDescriptionException(relation.attribute(), joined(relation), "exactly one string value");
        }
        return literal.text();
    }

    private static List<String> strings(RslRelation relation) throws JobDescriptionException {
        List<String> out = new ArrayList<>();
        for (RslValue value : relation.values()) {
            if (!(value instanceof RslValue.Literal literal)) {
                throw new JobDescriptionException(relation.attribute(), value.toString(),
                        "strings (quote an argument that holds spaces or parentheses)");
            }
            out.add(literal.text());
        }
        return out;
    }

    private static void environment(RslRelation relation, JobDescription.Builder job) throws JobDescriptionException {
        for (RslValue value : relation.values()) {
            if (!(value instanceof RslValue.Sequence pair) || pair.items().size() != 2
                    || !(pair.items().get(0) instanceof RslValue.Literal name)
                    || !(pair.items().get(1) instanceof RslValue.Literal setting)) {
                throw new JobDescriptionException(relation.attribute(), value.toString(),
                        "pairs of the form (NAME value)");
            }
            job.environment(name.text(), setting.text());
        }
    }

    private static long whole(RslRelation relation, long min, long max) throws JobDescriptionException {
        String text = single(relation).trim();
        String allowed = "a whole number from " + min + " to " + max;
        if (!text.matches("[0-9]{1,19}")) {
            throw new JobDescriptionException(relation.attribute(), text, allowed);
        }
        long number;
        try {
            number = Long.parseLong(text);
        } catch (NumberFormatException tooLarge) {
            throw new JobDescriptionException(relation.attribute(), text, allowed, tooLarge);
        }
        if (number < min || number > max) {
            throw new JobDescriptionException(relation.attribute(), text, allowed);
        }
        return number;
    }

    private static BigDecimal credits(RslRelation relation) throws JobDescriptionException {
        String text = single(relation).trim();
        String allowed = "a positive amount of credits such as 12.50";
        if (!text.matches("[0-9]{1,15}(\\.[0-9]{1,6})?")) {
            throw new JobDescriptionException(relation.attribute(), text, allowed);
        }
        BigDecimal amount = new BigDecimal(text);
        if (amount.signum() <= 0) {
            throw new JobDescriptionException(relation.attribute(), text, allowed);
        }
        return amount;
    }

    private static String joined(RslRelation relation) {
        return String.join(" ", relation.values().stream().map(Object::toString).toList());
    }
}
