package org.agora.workspace.notification;

import org.agora.workspace.model.Subscription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The subscriptions of recently changed workspaces, each list tagged with the workspace's
 * subscription revision it was read at. A state change carries the revision its transaction saw
 * under the row lock, so a list is used only while it is still the database's; replicas sharing a
 * database each keep their own. Bounded: the least recently used workspace is forgotten first.
 */
final class SubscriptionCache {
    private record Entry(long revision, List<Subscription> subscriptions) {
    }

    private final Map<String, Entry> entries;

    SubscriptionCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The workspace's subscriptions if they were read at {@code revision}. */
    synchronized Optional<List<Subscription>> at(String workspaceId, long revision) {
        Entry e = entries.get(workspaceId);
        return e != null && e.revision() == revision ? Optional.of(e.subscriptions()) : Optional.empty();
    }

    synchronized void remember(String workspaceId, long revision, List<Subscription> subscriptions) {
        entries.put(workspaceId, new Entry(revision, List.copyOf(subscriptions)));
    }

    synchronized void forget(String workspaceId) {
        entries.remove(workspaceId);
    }
}
