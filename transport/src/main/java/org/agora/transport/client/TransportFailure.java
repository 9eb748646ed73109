package org.agora.transport.client;

import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.agora.security.trust.ChainRejectedException;

/**
 * Why a call to an Agora service brought no answer, read from what CXF and the JDK threw, as one
 * sentence a grid user can act on. Every client of the services (workspace, bank, market) reports
 * its transport failures through this one place.
 *
 * @param kind what went wrong, and so whether the request may have been applied
 * @param sentence one line for the user, naming the address
 */
public record TransportFailure(Kind kind, String sentence) {

    /** What went wrong on the way, as far as the client can tell. */
    public enum Kind {
        /** Nothing listens at the address: the request was never sent. */
        NOT_LISTENING(true),
        /** The request may have reached the service and been applied; its answer never came. */
        ANSWER_LOST(true),
        /** The TLS handshake failed: one side refused the other's certificate. */
        HANDSHAKE_REFUSED(false),
        /** The service's name does not resolve. */
        UNKNOWN_HOST(false),
        /** The endpoint demands WS-Security signed messages and this call was not signed. */
        SIGNATURE_REQUIRED(false),
        /** The service's SOAP stack refused the message before any Agora code saw it. */
        MESSAGE_REFUSED(false),
        /** Anything else. */
        OTHER(false);

        private final boolean worthRetrying;

        Kind(boolean worthRetrying) {
            this.worthRetrying = worthRetrying;
        }

        /**
         * Whether the same call, sent again, may succeed. Only calls that carry their own id (a
         * transfer, a bid) may be sent again after {@link #ANSWER_LOST}: the service applies an id once.
         */
        public boolean worthRetrying() {
            return worthRetrying;
        }
    }

    /** Whether a call that carries its own id may be sent again with that id. */
    public boolean worthRetrying() {
        return kind.worthRetrying();
    }

    /**
     * Reads {@code e}, thrown by a call to {@code address}.
     *
     * @param signed whether the call was WS-Security signed
     */
    public static TransportFailure of(String address, WebServiceException e, boolean signed) {
        // CXF may wrap a transport failure in a SOAPFaultException: look for the real cause first.
        Throwable transport = null;
        for (Throwable t = e; t != null && transport == null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof SocketException || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException) {
                transport = t;
            }
        }
        for (Throwable t = e; t != null && transport == null; t = t.getCause()) {
            // The JDK's HTTP client reports a connection closed while it sent the request as a plain
            // IOException ("Error writing to server"): under TLS 1.3 that is how a refused client
            // certificate often shows, the service's alert arriving after the client's handshake ended.
            if (t instanceof java.io.IOException && !(t instanceof java.io.FileNotFoundException)
                    && !(t instanceof java.net.ProtocolException)) {
                transport = t;
            }
        }
        if (transport == null && e instanceof SOAPFaultException soap) {
            return refusedMessage(address, soap, signed);
        }
        if (transport instanceof SSLHandshakeException handshake) {
            return handshakeFailure(address, handshake);
        }
        if (transport instanceof ConnectException) {
            return new TransportFailure(Kind.NOT_LISTENING, "nothing answers at " + address + "; is agora-server "
                    + "running there? (set --service or AGORA_SERVICE)");
        }
        if (transport instanceof UnknownHostException) {
            return new TransportFailure(Kind.UNKNOWN_HOST, "unknown host in " + address
                    + "; check --service or AGORA_SERVICE");
        }
        if (transport instanceof SocketTimeoutException) {
            return new TransportFailure(Kind.ANSWER_LOST, "the service at " + address + " did not answer in time ("
                    + transport.getMessage() + ")");
        }
        if (transport != null) {
            // A connection cut after the handshake: the service stopped, a proxy or network dropped
            // it, or (TLS 1.3) the service refused the certificate after the client had finished.
            return new TransportFailure(Kind.ANSWER_LOST, "the connection to " + address + " was cut before an "
                    + "answer came (" + transport.getMessage() + "); the service stopped or dropped it, or refused "
                    + "your certificate, which its log would name (event=tls.peer_rejected)");
        }
        return new TransportFailure(Kind.OTHER, "cannot talk to the service at " + address + ": "
                + oneLine(rootCause(e).getMessage()) + "; check the URL (--service or AGORA_SERVICE)");
    }

    private static TransportFailure handshakeFailure(String address, SSLHandshakeException handshake) {
        for (Throwable t = handshake; t != null; t = t.getCause()) {
            if (t instanceof ChainRejectedException rejected) {
                return new TransportFailure(Kind.HANDSHAKE_REFUSED, "the service at " + address + " presented a "
                        + "certificate your CA directory does not trust: " + oneLine(rejected.getMessage())
                        + "; does X509_CERT_DIR (or --certdir) hold the site's CA?");
            }
            if (t instanceof CertificateException named && String.valueOf(named.getMessage()).contains("No subject")) {
                return new TransportFailure(Kind.HANDSHAKE_REFUSED, "the service's certificate does not name the "
                        + "host in " + address + " (" + named.getMessage() + "); use the host name the site gives");
            }
        }
        String text = String.valueOf(handshake.getMessage());
        if (text.toLowerCase(Locale.ROOT).contains("alert")) {
            return new TransportFailure(Kind.HANDSHAKE_REFUSED, "the service at " + address + " refused your "
                    + "certificate in the TLS handshake (" + text + ") although your own CA directory accepts it: "
                    + "the site may hold a newer CRL or trust other CAs; its log names the reason "
                    + "(event=tls.peer_rejected)");
        }
        for (Throwable t = handshake.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException || t instanceof SocketException) {
                // No alert, just a closed connection: the service (or the network) went away mid-handshake.
                return new TransportFailure(Kind.ANSWER_LOST, "the connection to " + address + " was cut during the "
                        + "TLS handshake (" + oneLine(text) + "); the service stopped or dropped it");
            }
        }
        return new TransportFailure(Kind.HANDSHAKE_REFUSED, "the TLS handshake with " + address + " failed ("
                + oneLine(text) + "); is your proxy still valid, and does X509_CERT_DIR hold the site's CA?");
    }

    private static TransportFailure refusedMessage(String address, SOAPFaultException soap, boolean signed) {
        String text = String.valueOf(soap.getFault().getFaultString());
        String code = soap.getFault().getFaultCodeAsQName() == null ? ""
                : soap.getFault().getFaultCodeAsQName().getLocalPart();
        boolean securityHeader = text.contains("wsse:Security") || code.startsWith("InvalidSecurity")
                || code.equals("SecurityError") || code.equals("FailedCheck");
        if (securityHeader && !signed) {
            return new TransportFailure(Kind.SIGNATURE_REQUIRED, "the endpoint " + address + " requires signed "
                    + "messages: use --sign (or set AGORA_SIGN_MESSAGES=1)");
        }
        return new TransportFailure(Kind.MESSAGE_REFUSED, "the service at " + address + " refused the call: "
                + oneLine(text));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** Error texts from libraries sometimes span lines; the user's error is one. */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
