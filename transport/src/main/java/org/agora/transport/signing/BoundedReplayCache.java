package org.agora.transport.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.wss4j.common.cache.ReplayCache;

/**
 * The signed messages seen within their timestamp's window, in memory and bounded: a replay is a
 * message whose identifier is still here. WSS4J's own memory cache has no bound, so a client with a
 * trusted credential signing as fast as it can would grow it without limit. Identifiers are kept as
 * their SHA-256 (about 150 bytes an entry instead of ~0.8 KiB for a signature value), and once
 * {@code capacity} unexpired entries are held a new message is refused rather than an old entry
 * forgotten, since forgetting one would let that message be replayed.
 */
final class BoundedReplayCache implements ReplayCache {
    /** Identifiers kept by default: ~30 MiB, more messages in a window than two cores can verify. */
    static final int DEFAULT_CAPACITY = 200_000;

    private final ConcurrentHashMap<String, Instant> expiries = new ConcurrentHashMap<>();
    private final int capacity;
    private final Duration defaultLifetime;
    private final Clock clock;

    BoundedReplayCache(int capacity, Duration defaultLifetime, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.defaultLifetime = defaultLifetime;
        this.clock = clock;
    }

    @Override
    public void add(String identifier) {
        add(identifier, clock.instant().plus(defaultLifetime));
    }

    @Override
    public void add(String identifier, Instant expiry) {
        if (expiries.size() >= capacity) {
            forgetExpired();
            if (expiries.size() >= capacity) {
                throw new ReplayCacheFullException(capacity);
            }
        }
        expiries.put(digest(identifier), expiry == null ? clock.instant().plus(defaultLifetime) : expiry);
    }

    @Override
    public boolean contains(String identifier) {
        Instant expiry = expiries.get(digest(identifier));
        if (expiry == null) {
            return false;
        }
        if (expiry.isBefore(clock.instant())) {
            expiries.remove(digest(identifier), expiry);
            return false;
        }
        return true;
    }

    int size() {
        return expiries.size();
    }

    @Override
    public void close() {
        expiries.clear();
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        expiries.values().removeIf(expiry -> expiry.isBefore(now));
    }

    private static String digest(String identifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identifier.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** More signed messages arrived within one timestamp window than the server keeps for replay checks. */
    static final class ReplayCacheFullException extends IllegalStateException {
        ReplayCacheFullException(int capacity) {
            super("the service has seen " + capacity + " signed messages within the last timestamp window, as many"
                    + " as it keeps to refuse replays; try again in a minute");
        }
    }
}
