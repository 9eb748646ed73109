/**
 * The job model the GRAM bridge runs: one {@link org.agora.gram.job.JobDescription} whether the job
 * arrived as GRAM5 RSL or as JSDL 1.0, and the refusal every parser raises, naming the attribute.
 */
package org.agora.gram.job;
