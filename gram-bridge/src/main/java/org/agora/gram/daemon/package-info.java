/**
 * The bridge daemon: the Unix socket server the LRM module talks to, the table of jobs (kept in a
 * state directory so a restart loses none), and the tracker that makes each job's workspace,
 * follows it and its console, and logs the job's states for the scheduler event generator.
 *
 * <p>A job's life: SUBMIT stores it (fields, script, the user's proxy at 0600) and answers its id,
 * PENDING. The tracker creates the workspace (named after the job, so a create whose answer was lost
 * is found again rather than made twice), and reads its state and the end of its console every
 * poll interval. The script's START line makes the job ACTIVE; a verified result makes it finished
 * (the workspace is destroyed at once); a workspace that ended without one makes it FAILED with the
 * service's cause. A finished job's result waits until the LRM module has written it into the
 * user's files and said COLLECTED; only then is DONE (with the exit code) or FAILED logged, and the
 * proxy forgotten.
 */
package org.agora.gram.daemon;
