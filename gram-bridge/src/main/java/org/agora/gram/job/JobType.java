package org.agora.gram.job;

import java.util.Locale;

/** GRAM's {@code job_type}: how the job's {@code count} processes are started. */
public enum JobType {
    SINGLE, MULTIPLE, MPI, CONDOR;

    /** The job type named {@code text} as GRAM spells it, case-insensitively. */
    public static JobType parse(String attribute, String text) throws JobDescriptionException {
        for (JobType type : values()) {
            if (type.name().equalsIgnoreCase(text.trim())) {
                return type;
            }
        }
        throw new JobDescriptionException(attribute, text, "one of single, multiple, mpi, condor");
    }

    /** The name as written in RSL. */
    public String rslName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
