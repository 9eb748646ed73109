package org.agora.transport.client;

/**
 * A call to an Agora service failed: the service answered with a fault, or no answer came. The
 * message is one sentence for the user; {@link #reason()} names the failure as the contract does,
 * so callers can act on it without parsing the message.
 */
public final class ServiceCallException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The {@link #reason()} of a call that brought no SOAP answer. */
    public static final String TRANSPORT_FAILURE = "TransportFailure";

    private final String reason;
    private final transient TransportFailure transport;

    /**
     * A fault the service answered with, or an answer the client cannot read.
     *
     * @param reason the fault's name for WSRF faults ({@code ResourceUnknownFault}), the reason code the
     *     fault carries for the bank's and the market's ({@code InsufficientFunds}), or {@code InvalidResponse}
     */
    public ServiceCallException(String reason, String message, Throwable cause) {
        this(reason, message, cause, null);
    }

    private ServiceCallException(String reason, String message, Throwable cause, TransportFailure transport) {
        super(message, cause);
        this.reason = reason;
        this.transport = transport;
    }

    /** No answer came: {@code failure} says why, and the message is its sentence. */
    public static ServiceCallException noAnswer(TransportFailure failure, Throwable cause) {
        return new ServiceCallException(TRANSPORT_FAILURE, failure.sentence(), cause, failure);
    }

    /** The fault's name or reason code, or {@link #TRANSPORT_FAILURE}. */
    public String reason() {
        return reason;
    }

    /** Whether no SOAP answer came back (the service unreachable, the handshake refused, the answer lost). */
    public boolean isTransportFailure() {
        return TRANSPORT_FAILURE.equals(reason);
    }

    /**
     * Whether no answer came although the request may have been applied (or was never sent): a call
     * carrying its own id may be sent again with the same id. Never for a fault: the service decided.
     */
    public boolean worthRetrying() {
        return transport != null && transport.worthRetrying();
    }

    /**
     * A fault the contract declares (a generated exception carrying a WS-BaseFault): named by its
     * class, told by the Description lines the service wrote for people, else its own message.
     */
    public static ServiceCallException fromDeclaredFault(Exception fault) {
        String text = fault.getMessage();
        try {
            Object info = fault.getClass().getMethod("getFaultInfo").invoke(fault);
            if (info instanceof org.agora.contract.wsrf.faults.BaseFaultType base && !base.getDescription().isEmpty()) {
                text = String.join("; ", base.getDescription());
            }
        } catch (ReflectiveOperationException notAGeneratedFault) {
            // Keep the exception's own message.
        }
        return new ServiceCallException(fault.getClass().getSimpleName(), text, fault);
    }
}
