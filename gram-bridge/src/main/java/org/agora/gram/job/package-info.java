/**
 * The job model the GRAM bridge runs: one {@link org.agora.gram.job.JobDescription} whether the job
 * arrived as GRAM5 RSL or as JSDL 1.0, the refusal every parser raises, and the check that Agora can run
 * the job.
 */
package org.agora.gram.job;
