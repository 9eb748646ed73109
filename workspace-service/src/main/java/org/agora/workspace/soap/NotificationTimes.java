package org.agora.workspace.soap;

import java.time.Instant;
import javax.xml.datatype.DatatypeFactory;

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
            DatatypeFactory types = DatatypeFactory.newDefaultInstance();
            if (v.startsWith("P") || v.startsWith("-P")) {
                return now.plusMillis(types.newDuration(v).getTimeInMillis(new java.util.Date(now.toEpochMilli())));
            }
            return types.newXMLGregorianCalendar(v).toGregorianCalendar().toInstant();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + v + "' is neither an xs:dateTime (2026-11-25T12:00:00Z) nor an "
                    + "xs:duration (PT2H)", e);
        }
    }
}
