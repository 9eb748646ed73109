package org.agora.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.ws.WebServiceException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TransportFailureTest {
    private static final String BANK = "https://ce.example.org:8443/agora/Bank";

    private static TransportFailure of(Throwable cause) {
        return TransportFailure.of(BANK, new WebServiceException("Could not send Message.", cause), false);
    }

    @Test
    void aServiceThatIsDownMayBeAskedAgain() {
        TransportFailure f = of(new ConnectException("Connection refused"));
        assertEquals(TransportFailure.Kind.NOT_LISTENING, f.kind());
        assertTrue(f.worthRetrying());
        assertTrue(f.sentence().startsWith("nothing answers at " + BANK), f.sentence());
    }

    @Test
    void aConnectionCutAfterTheRequestMeansTheAnswerIsLost() {
        TransportFailure f = of(new SocketException("Unexpected end of file from server"));
        assertEquals(TransportFailure.Kind.ANSWER_LOST, f.kind());
        assertTrue(f.worthRetrying());
    }

    @Test
    void aConnectionClosedWhileTheRequestWasWrittenSaysTheCertificateMayHaveBeenRefused() {
        // TLS 1.3: the service's refusal of the client's certificate arrives as the request is written.
        TransportFailure f = of(new java.io.IOException("Error writing to server"));
        assertEquals(TransportFailure.Kind.ANSWER_LOST, f.kind());
        assertTrue(f.sentence().contains("refused your certificate"), f.sentence());
    }

    @Test
    void anHttpErrorIsNotTakenForACutConnection() {
        TransportFailure f = of(new java.net.ProtocolException("HTTP response '404: Not Found'"));
        assertEquals(TransportFailure.Kind.OTHER, f.kind());
    }

    @Test
    void aRefusalByAlertIsNotRetriedAndPointsAtTheServicesLog() {
        TransportFailure f = of(new SSLHandshakeException("Received fatal alert: bad_certificate"));
        assertEquals(TransportFailure.Kind.HANDSHAKE_REFUSED, f.kind());
        assertFalse(f.worthRetrying());
        assertTrue(f.sentence().contains("event=tls.peer_rejected"), f.sentence());
    }

    @Test
    void aHandshakeCutWithoutAnAlertIsALostConnection() {
        SSLHandshakeException cut = new SSLHandshakeException("Remote host terminated the handshake");
        cut.initCause(new EOFException("SSL peer shut down incorrectly"));
        TransportFailure f = of(cut);
        assertEquals(TransportFailure.Kind.ANSWER_LOST, f.kind());
    }

    @Test
    void sentencesAreOneLine() {
        TransportFailure f = of(new IllegalStateException("first line\n  second line"));
        assertEquals(TransportFailure.Kind.OTHER, f.kind());
        assertFalse(f.sentence().contains("\n"), f.sentence());
    }
}
