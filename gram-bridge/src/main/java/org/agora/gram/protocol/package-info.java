/**
 * AGORA-GRAM/1, the line protocol between the job manager's LRM module and the bridge daemon over
 * the daemon's Unix domain socket.
 *
 * <p>Lines are printable ASCII ending in LF, at most {@link org.agora.gram.protocol.Wire#MAX_LINE}
 * bytes with the LF. The client opens with {@code AGORA-GRAM/1}; the daemon answers
 * {@code AGORA-GRAM/1 READY} (or {@code ERR version <base64 text>} and closes). Then any number of
 * requests, each answered before the next: a command line ({@code COMMAND [argument...]}), field
 * lines {@code name base64(value)}, and {@code END}. The answer is {@code OK} or
 * {@code ERR <code> <base64 text>}, field lines, and {@code END}. A value longer than one line goes
 * as lines named {@code name+} followed by a last {@code name} line, joined in order. A field may
 * repeat (arguments, environment); its values keep their order.
 *
 * <p>Commands: {@code SUBMIT} (fields of the job, its stdin and the user's proxy; answers
 * {@code job}), {@code STATUS id} ({@code state}, {@code exit}, {@code reason}), {@code AWAIT id}
 * (as STATUS once the job has finished or after at most a minute), {@code RESULT id} ({@code state},
 * {@code exit}, {@code reason}, {@code stdout}, {@code stderr} of a finished job),
 * {@code COLLECTED id} (the result is in the user's files: the daemon logs the final state for the
 * scheduler event generator and forgets the proxy), {@code CANCEL id}. Error codes:
 * {@code bad-request}, {@code too-large}, {@code unknown-job}, {@code not-finished}, {@code refused},
 * {@code busy}, {@code version}.
 */
package org.agora.gram.protocol;
