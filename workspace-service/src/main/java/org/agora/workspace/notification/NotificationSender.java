package org.agora.workspace.notification;

import org.agora.workspace.model.Subscription;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;

/** Delivers one notification to one subscription's consumer; the wire format is the implementation's. */
public interface NotificationSender {
    /**
     * Sends the change of {@code after} (from {@code from}) to the subscription's consumer.
     *
     * @throws DeliveryException when the consumer could not be reached or refused the message
     */
    void send(Subscription subscription, Workspace after, WorkspaceState from) throws DeliveryException;

    /** A notification that did not reach its consumer. */
    final class DeliveryException extends Exception {
        private static final long serialVersionUID = 1L;

        public DeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
