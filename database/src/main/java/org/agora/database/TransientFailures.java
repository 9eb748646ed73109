package org.agora.database;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry policy for database work that failed for a reason that passes: this transaction
 * chosen as a deadlock's victim, a lock waited for too long, an optimistic write that found its row
 * changed meanwhile, the connection lost. Each attempt must be a whole unit of work (its own
 * transaction, its reads included), so that a failed attempt left nothing and the next one decides
 * again on what is there now. Bounded, with a short randomised exponential back-off (Failsafe), so
 * that two replicas that collided do not collide again in step.
 *
 * <p>Any other failure (a constraint, a value out of range, a refusal of the caller's own) is not
 * retried: it is thrown at once, as it was thrown. After the last attempt, the last failure is
 * thrown as it was.
 */
public final class TransientFailures {
    private static final Logger LOG = LoggerFactory.getLogger(TransientFailures.class);

    /**
     * Twenty attempts in all, 2 ms apart at first, doubling up to 100 ms (about 1.4 s of waiting at
     * most). On one server a deadlock's other party commits within the first few; on a Galera cluster
     * a transaction learns it lost only at commit, after its write set went round the cluster, and its
     * retry may read the rows before the winner's write set is applied on its own node and lose again:
     * six writers on four accounts over two cluster nodes ran out of five attempts, and the back-off
     * must reach past the apply lag of a burst of commits to the same rows.
     */
    public static final TransientFailures DEFAULT = new TransientFailures(20, Duration.ofMillis(2),
            Duration.ofMillis(100), failure -> false);

    /** SQLSTATE class 08: the connection is gone; the pool hands the next attempt another one. */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** SQLSTATE 40001: serialisation failure (MariaDB's deadlock, and an optimistic write's refusal). */
    private static final String SERIALIZATION_FAILURE = "40001";
    /** ER_LOCK_WAIT_TIMEOUT: innodb_lock_wait_timeout passed; the transaction's statement was undone. */
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    /** ER_LOCK_DEADLOCK: this transaction was the deadlock's victim, undone whole. */
    private static final int DEADLOCK = 1213;

    private final int attempts;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Predicate<Throwable> alsoRetried;
    private final RetryPolicy<Object> policy;

    private TransientFailures(int attempts, Duration firstDelay, Duration maxDelay, Predicate<Throwable> alsoRetried) {
        if (attempts < 1 || firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) <= 0) {
            throw new IllegalArgumentException("attempts must be >= 1 and 0 < first delay < max delay, not "
                    + attempts + ", " + firstDelay + ", " + maxDelay);
        }
        this.attempts = attempts;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.alsoRetried = alsoRetried;
        this.policy = RetryPolicy.builder()
                .handleIf((Object result, Throwable failure) -> failure != null
                        && (isTransient(failure) || alsoRetried.test(failure)))
                .withMaxAttempts(attempts)
                .withBackoff(firstDelay, maxDelay)
                .withJitter(0.5)
                .onRetryScheduled(e -> LOG.debug("event=database.retry attempt={} attempts={} delay_millis={} "
                        + "reason=\"{}\"", e.getAttemptCount() + 1, attempts, e.getDelay().toMillis(),
                        String.valueOf(e.getLastException())))
                .build();
    }

    /** The same policy with {@code attempts} attempts in all, the first included. */
    public TransientFailures withAttempts(int attempts) {
        return new TransientFailures(attempts, firstDelay, maxDelay, alsoRetried);
    }

    /**
     * The same policy that also retries the failures {@code lostRace} accepts: a failure that is
     * transient only for this work, such as the duplicate key of a row a concurrent caller inserted
     * first, which the next attempt finds and updates.
     */
    public TransientFailures alsoRetrying(Predicate<Throwable> lostRace) {
        return new TransientFailures(attempts, firstDelay, maxDelay, alsoRetried.or(lostRace));
    }

    /** How many attempts in all, the first included. */
    public int attempts() {
        return attempts;
    }

    /** Work that may fail with {@code E}, besides unchecked failures. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code work}, again after a back-off while it fails transiently and attempts remain.
     * Throws a failure that is not transient at once, and the last one when no attempt remains;
     * interrupted while waiting, it throws the last failure with the thread's interrupt status set.
     */
    public <T, E extends Exception> T run(Work<T, E> work) throws E {
        Throwable[] last = new Throwable[1];
        try {
            return Failsafe.with(policy).get(() -> {
                try {
                    return work.run();
                } catch (Exception | Error e) {
                    last[0] = e;
                    throw e;
                }
            });
        } catch (FailsafeException wrapped) {
            Throwable cause = wrapped.getCause();
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                if (last[0] == null) {
                    throw wrapped;
                }
                cause = last[0];
            }
            throw TransientFailures.<E>sneaky(cause);
        }
    }

    /**
     * Rethrows what {@code work} threw: an unchecked failure, or an {@code E}, the only checked
     * failure its signature lets it throw.
     */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> RuntimeException sneaky(Throwable failure) throws E {
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw (E) failure;
    }

    /**
     * Whether {@code failure}, or any failure that caused it, is one that passes: a deadlock or a
     * lock wait given up (this transaction undone), an optimistic write that found its row changed,
     * a lost connection, or a failure the driver itself calls transient.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.LockAcquisitionException
                    || t instanceof org.hibernate.exception.LockTimeoutException
                    || t instanceof org.hibernate.PessimisticLockException
                    || t instanceof org.hibernate.StaleStateException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.LockTimeoutException
                    || t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql && isTransient(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransient(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith(CONNECTION_EXCEPTION_CLASS) || SERIALIZATION_FAILURE.equals(state)
                || e.getErrorCode() == DEADLOCK || e.getErrorCode() == LOCK_WAIT_TIMEOUT;
    }
}
