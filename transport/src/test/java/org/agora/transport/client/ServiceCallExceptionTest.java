package org.agora.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.ws.WebServiceException;
import java.net.ConnectException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * What the {@code agora} command decides from a failed call: whether to send a call carrying its
 * own id again, and which sentence the user reads.
 */
class ServiceCallExceptionTest {
    private static final String MARKET = "https://ce.example.org:8443/agora/Market";

    private static ServiceCallException noAnswer(Throwable cause) {
        WebServiceException thrown = new WebServiceException("Could not send Message.", cause);
        return ServiceCallException.noAnswer(TransportFailure.of(MARKET, thrown, false), thrown);
    }

    @Test
    void aServiceThatDidNotAnswerMayBeAskedAgainAndTheUserReadsWhy() {
        ServiceCallException e = noAnswer(new ConnectException("Connection refused"));
        assertTrue(e.isTransportFailure());
        assertEquals(ServiceCallException.TRANSPORT_FAILURE, e.reason());
        assertTrue(e.worthRetrying());
        assertTrue(e.getMessage().startsWith("nothing answers at " + MARKET), e.getMessage());
    }

    @Test
    void aRefusedHandshakeIsATransportFailureNotWorthRepeating() {
        ServiceCallException e = noAnswer(new SSLHandshakeException("Received fatal alert: bad_certificate"));
        assertTrue(e.isTransportFailure());
        assertFalse(e.worthRetrying());
    }

    @Test
    void aFaultIsTheServicesDecisionAndIsNeverSentAgain() {
        ServiceCallException e = new ServiceCallException("InsufficientFunds", "account user:a holds 3 credits", null);
        assertEquals("InsufficientFunds", e.reason());
        assertFalse(e.isTransportFailure());
        assertFalse(e.worthRetrying());
        assertEquals("account user:a holds 3 credits", e.getMessage());
    }
}
