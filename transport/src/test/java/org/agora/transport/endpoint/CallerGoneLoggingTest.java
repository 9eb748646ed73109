package org.agora.transport.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.List;
import org.agora.contract.faults.RequestFaults;
import org.agora.contract.faults.UnreadableRequest;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.ExchangeImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A caller that hangs up while its answer is written (a long poll whose service stopped) is an
 * everyday event, not the site's failure: it is logged once, as one INFO line without a trace,
 * however CXF reports the broken write.
 */
class CallerGoneLoggingTest {
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Logger refused = (Logger) LoggerFactory.getLogger(RefusedRequests.class);
    private final Logger undelivered = (Logger) LoggerFactory.getLogger(UndeliveredAnswers.class);

    private static final RequestFaults NO_TYPED_FAULTS = new RequestFaults() {
        @Override
        public jakarta.xml.bind.JAXBElement<? extends org.agora.contract.wsrf.faults.BaseFaultType> unreadable(
                UnreadableRequest request) {
            throw new AssertionError("not an unreadable request");
        }

        @Override
        public boolean callersMistake(Exception declaredFault) {
            return false;
        }
    };

    @BeforeEach
    void capture() {
        events.start();
        for (Logger l : List.of(refused, undelivered)) {
            l.addAppender(events);
            l.setLevel(Level.INFO);
        }
    }

    @AfterEach
    void release() {
        refused.detachAppender(events);
        undelivered.detachAppender(events);
    }

    private static Message outFault(Exception raised) {
        Exchange exchange = new ExchangeImpl();
        Message in = new MessageImpl();
        in.setExchange(exchange);
        exchange.setInMessage(in);
        Message out = new MessageImpl();
        out.setExchange(exchange);
        exchange.setOutFaultMessage(out);
        out.setContent(Exception.class, raised);
        return out;
    }

    @Test
    void aBrokenPipeWhileAnsweringIsOneInfoLineNotAFailureWithATrace() {
        Message out = outFault(new Fault("Could not send Message.", java.util.logging.Logger.getGlobal(),
                new IOException("Broken pipe")));

        new RefusedRequests(NO_TYPED_FAULTS).handleMessage(out);

        assertEquals(1, events.list.size(), () -> "logged " + events.list);
        ILoggingEvent line = events.list.get(0);
        assertEquals(Level.INFO, line.getLevel());
        assertTrue(line.getFormattedMessage().startsWith("event=request.abandoned"), line.getFormattedMessage());
        assertEquals(null, line.getThrowableProxy(), "no stack trace for a caller that hung up");
    }

    @Test
    void aHangUpAlreadyReportedByTheFaultListenerIsNotLoggedTwice() {
        IOException reset = new IOException("Connection reset by peer");
        Message out = outFault(new Fault(reset));

        boolean cxfLogsItToo = new UndeliveredAnswers().faultOccurred(reset, "unwinding", out);
        new RefusedRequests(NO_TYPED_FAULTS).handleMessage(out);

        assertEquals(false, cxfLogsItToo);
        assertEquals(1, events.list.size(), () -> "logged " + events.list);
        assertTrue(events.list.get(0).getFormattedMessage().startsWith("event=answer.undelivered"));
    }

    @Test
    void theSitesOwnFailureStillCarriesItsTrace() {
        Message out = outFault(new Fault(new IllegalStateException("the ledger is closed")));

        new RefusedRequests(NO_TYPED_FAULTS).handleMessage(out);

        assertEquals(1, events.list.size(), () -> "logged " + events.list);
        assertEquals(Level.WARN, events.list.get(0).getLevel());
        assertTrue(events.list.get(0).getThrowableProxy() != null);
    }
}
