package org.agora.client.workspace;

/**
 * A call to the workspace service failed. {@link #faultKind()} is the WSRF fault's name (e.g.
 * {@code ResourceUnknownFault}) or {@code TransportFailure} when no SOAP answer came back.
 */
public class WorkspaceServiceException extends Exception {
    public static final String TRANSPORT_FAILURE = "TransportFailure";

    private final String faultKind;

    public WorkspaceServiceException(String faultKind, String message, Throwable cause) {
        super(message, cause);
        this.faultKind = faultKind;
    }

    public String faultKind() {
        return faultKind;
    }

    public boolean isTransportFailure() {
        return TRANSPORT_FAILURE.equals(faultKind);
    }
}
