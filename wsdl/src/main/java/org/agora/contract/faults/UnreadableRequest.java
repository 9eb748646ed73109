package org.agora.contract.faults;

/**
 * A request element the service could not read.
 *
 * @param field the element as a path below the operation's element, e.g. {@code ResourceAllocation/Vcpus},
 *              or {@code Header/WorkspaceKey}; already shortened
 * @param sent a short, escaped, quoted prefix of what was sent there, or a phrase when nothing can be quoted
 * @param allowed what the element accepts, in words
 * @param description the whole sentence, naming all three
 */
public record UnreadableRequest(String field, String sent, String allowed, String description) {
}
