package org.agora.database;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** How a value is bound to a statement parameter by the writes that bypass Hibernate. */
final class BoundValue {
    private BoundValue() {
    }

    /**
     * The value as the driver should bind it. An Instant is written as UTC, as Hibernate writes them
     * here ({@code hibernate.jdbc.time_zone=UTC}), so rows read the same whichever wrote them.
     */
    static Object of(Object value) {
        return value instanceof Instant i ? LocalDateTime.ofInstant(i, ZoneOffset.UTC) : value;
    }
}
