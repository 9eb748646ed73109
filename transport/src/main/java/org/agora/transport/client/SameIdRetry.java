package org.agora.transport.client;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Sends a call that carries its own id (a bank transfer, a bid) again, with that same id, when no
 * answer came: the service applies an id once, so a request that was applied although its answer
 * was lost moves nothing more the second time. Bounded, with exponential back-off (Failsafe).
 */
public final class SameIdRetry {
    /** Three more attempts, after 1, 2 and 4 seconds: a service restarting is back within that. */
    public static final SameIdRetry DEFAULT = new SameIdRetry(3, Duration.ofSeconds(1), Duration.ofSeconds(8));

    private final int retries;
    private final Duration firstDelay;
    private final Duration maxDelay;

    public SameIdRetry(int retries, Duration firstDelay, Duration maxDelay) {
        if (retries < 0 || firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) <= 0) {
            throw new IllegalArgumentException("retries must be >= 0 and 0 < first delay < max delay, not "
                    + retries + ", " + firstDelay + ", " + maxDelay);
        }
        this.retries = retries;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
    }

    /** How many attempts in all, the first included. */
    public int attempts() {
        return retries + 1;
    }

    /** A call that may fail with {@code E}. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T run() throws E;
    }

    /** A retry about to happen: attempt {@code next} of {@code attempts}, after {@code delay}. */
    public record Scheduled(int next, int attempts, Duration delay, Throwable failure) {
    }

    /**
     * Runs {@code call}; while it fails with an {@code E} that {@code worthRetrying} accepts and
     * attempts remain, tells {@code onRetry} and runs it again after the back-off. Throws the last
     * failure when none remain, or at once for a failure not worth retrying.
     */
    public <T, E extends Exception> T run(Class<E> failureType, Predicate<? super E> worthRetrying,
                                          Consumer<Scheduled> onRetry, Call<T, E> call) throws E {
        RetryPolicy<T> policy = RetryPolicy.<T>builder()
                .handleIf((T result, Throwable failure) -> failureType.isInstance(failure)
                        && worthRetrying.test(failureType.cast(failure)))
                .withMaxRetries(retries)
                .withBackoff(firstDelay, maxDelay)
                .onRetryScheduled(e -> onRetry.accept(new Scheduled(e.getAttemptCount() + 1, attempts(), e.getDelay(),
                        e.getLastException())))
                .build();
        try {
            return Failsafe.with(policy).get(call::run);
        } catch (FailsafeException wrapped) {
            Throwable cause = wrapped.getCause();
            if (failureType.isInstance(cause)) {
                throw failureType.cast(cause);
            }
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw wrapped;
        }
    }
}
