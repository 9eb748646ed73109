package org.agora.workspace.model;

import java.time.Instant;

/**
 * A consumer's subscription to one workspace's changes.
 *
 * @param consumerReference the consumer's EPR as sent in Subscribe (XML), so its reference
 *        parameters go back with every Notify
 */
public record Subscription(String id, String workspaceId, String subscriberDn, String consumerAddress,
                           String consumerReference, Topic topic, Instant createdAt, Instant terminationTime) {
}
