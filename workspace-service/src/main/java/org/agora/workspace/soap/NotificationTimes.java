package org.agora.workspace.soap;

import java.time.Instant;
import org.agora.contract.lexical.Quote;
import org.agora.contract.lexical.XsDateTime;
import org.agora.contract.lexical.XsDuration;

/** WS-BaseNotification's AbsoluteOrRelativeTimeType: an xs:dateTime or an xs:duration from now. */
final class NotificationTimes {
    private NotificationTimes() {
    }

    /** The instant meant, or null when {@code value} is absent; IllegalArgumentException when it is neither form. */
    static Instant parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.startsWith("P") || v.startsWith("-P")) {
                return now.plusMillis(XsDuration.millis(XsDuration.parse(v), now));
            }
            return XsDateTime.parse(v).toGregorianCalendar().toInstant();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Quote.of(v) + " is neither an xs:dateTime (2026-11-25T12:00:00Z) nor an "
                    + "xs:duration (PT2H)", e);
        }
    }
}
