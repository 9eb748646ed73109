package org.agora.transport.endpoint;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.message.Message;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An answer whose caller hung up before it was written, logged as one line instead of CXF's
 * "unwinding" warning and stack trace. A long poll meets this as a matter of course: WatchDomains
 * is held open up to half a minute, and the service that asked may stop or fail meanwhile; the
 * answer, written when an event comes or the node stops, then finds the connection closed. Every
 * other fault is left to CXF's own logging.
 */
public final class UndeliveredAnswers implements FaultListener {
    private static final Logger LOG = LoggerFactory.getLogger(UndeliveredAnswers.class);

    /** Installs this on a published endpoint: the property CXF asks before logging a fault. */
    public static void installOn(org.apache.cxf.jaxws.EndpointImpl endpoint) {
        endpoint.getServer().getEndpoint().put(FaultListener.class.getName(), new UndeliveredAnswers());
    }

    /** Marks an exchange whose caller is gone: the fault CXF then tries to write breaks the same way. */
    private static final String CALLER_GONE = UndeliveredAnswers.class.getName() + ".callerGone";

    @Override
    public boolean faultOccurred(Exception exception, String description, Message message) {
        org.apache.cxf.message.Exchange exchange = message.getExchange();
        if (exchange != null && Boolean.TRUE.equals(exchange.get(CALLER_GONE))) {
            return false;
        }
        Throwable gone = callerGone(exception);
        if (gone == null) {
            return true;
        }
        if (exchange != null) {
            exchange.put(CALLER_GONE, Boolean.TRUE);
        }
        BindingOperationInfo operation = exchange == null ? null : exchange.getBindingOperationInfo();
        LOG.info("event=answer.undelivered operation={} reason=\"the caller closed the connection ({})\"",
                operation == null ? "?" : operation.getName().getLocalPart(), String.valueOf(gone));
        return false;
    }

    /** Whether this exchange's hung-up caller has been logged here already. */
    static boolean alreadyReported(org.apache.cxf.message.Exchange exchange) {
        return exchange != null && Boolean.TRUE.equals(exchange.get(CALLER_GONE));
    }

    /** The cause that says the peer closed the connection, or null if none does. */
    static Throwable callerGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EofException || t instanceof ClosedChannelException) {
                return t;
            }
            if (t instanceof IOException && t.getMessage() != null
                    && (t.getMessage().contains("Broken pipe") || t.getMessage().contains("Connection reset"))) {
                return t;
            }
        }
        return null;
    }
}
