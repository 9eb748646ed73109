package org.agora.workspace.node;

/** A node could not be reached, or refused a request; the message says which node and why. */
public class NodeUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public NodeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the node never answered (down, unreachable, TLS failure), as opposed to answering
     * with a refusal: a call that did not reach the node may be retried later as it was.
     */
    public boolean unreachable() {
        // CXF reports a refused connection as a plain WebServiceException on some paths and as a
        // SOAPFaultException wrapping the ConnectException on others: the cause chain decides.
        for (Throwable t = getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException || t instanceof javax.net.ssl.SSLHandshakeException) {
                return true;
            }
        }
        return getCause() instanceof jakarta.xml.ws.WebServiceException
                && !(getCause() instanceof jakarta.xml.ws.soap.SOAPFaultException);
    }
}
