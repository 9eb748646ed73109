package org.agora.workspace.soap;

import java.time.Instant;
import javax.xml.namespace.QName;
import org.agora.contract.wsn.InvalidFilterFault;
import org.agora.contract.wsn.InvalidFilterFaultType;
import org.agora.contract.wsn.SubscribeCreationFailedFault;
import org.agora.contract.wsn.SubscribeCreationFailedFaultType;
import org.agora.contract.wsn.TopicExpressionDialectUnknownFault;
import org.agora.contract.wsn.TopicExpressionDialectUnknownFaultType;
import org.agora.contract.wsn.TopicNotSupportedFault;
import org.agora.contract.wsn.TopicNotSupportedFaultType;
import org.agora.contract.wsn.UnacceptableInitialTerminationTimeFault;
import org.agora.contract.wsn.UnacceptableInitialTerminationTimeFaultType;
import org.agora.contract.wsn.UnacceptableTerminationTimeFault;
import org.agora.contract.wsn.UnacceptableTerminationTimeFaultType;

/** WS-BaseNotification's faults, each a BaseFaultType with a sentence a person can act on. */
final class NotificationFaults {
    private NotificationFaults() {
    }

    static TopicExpressionDialectUnknownFault dialectUnknown(String dialect) {
        String m = "topic expression dialect '" + dialect + "' is not supported; use "
                + SoapNotificationSender.SIMPLE_DIALECT;
        return new TopicExpressionDialectUnknownFault(m,
                WorkspaceFaults.fill(new TopicExpressionDialectUnknownFaultType(), "TopicExpressionDialectUnknown", m));
    }

    static TopicNotSupportedFault topicNotSupported(String topic) {
        String m = "a workspace publishes no topic '" + topic + "'; subscribe to ws:WorkspaceStateChange (every "
                + "change) or ws:WorkspaceTermination (only its end)";
        return new TopicNotSupportedFault(m, WorkspaceFaults.fill(new TopicNotSupportedFaultType(), "TopicNotSupported", m));
    }

    static InvalidFilterFault invalidFilter(QName unknown) {
        String m = "the Filter holds " + unknown + ", which this producer does not understand; filter with a "
                + "wsnt:TopicExpression or send no Filter";
        InvalidFilterFaultType info = WorkspaceFaults.fill(new InvalidFilterFaultType(), "InvalidFilter", m);
        info.getUnknownFilter().add(unknown);
        return new InvalidFilterFault(m, info);
    }

    static SubscribeCreationFailedFault creationFailed(String m) {
        return new SubscribeCreationFailedFault(m,
                WorkspaceFaults.fill(new SubscribeCreationFailedFaultType(), "SubscribeCreationFailed", m));
    }

    static UnacceptableInitialTerminationTimeFault unacceptableInitial(String m, Instant min, Instant max) {
        UnacceptableInitialTerminationTimeFaultType info = WorkspaceFaults.fill(
                new UnacceptableInitialTerminationTimeFaultType(), "UnacceptableInitialTerminationTime", m);
        info.setMinimumTime(WorkspaceFaults.calendar(min));
        info.setMaximumTime(max == null ? null : WorkspaceFaults.calendar(max));
        return new UnacceptableInitialTerminationTimeFault(m, info);
    }

    static UnacceptableTerminationTimeFault unacceptable(String m, Instant min, Instant max) {
        UnacceptableTerminationTimeFaultType info = WorkspaceFaults.fill(new UnacceptableTerminationTimeFaultType(),
                "UnacceptableTerminationTime", m);
        info.setMinimumTime(WorkspaceFaults.calendar(min));
        info.setMaximumTime(max == null ? null : WorkspaceFaults.calendar(max));
        return new UnacceptableTerminationTimeFault(m, info);
    }
}
