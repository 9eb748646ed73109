package org.agora.workspace.soap;

import java.time.Instant;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.agora.contract.workspace.InvalidWorkspaceRequestFault;
import org.agora.contract.workspace.InvalidWorkspaceRequestFaultType;
import org.agora.contract.workspace.NoCapacityFault;
import org.agora.contract.workspace.NoCapacityFaultType;
import org.agora.contract.workspace.NotAuthorizedFault;
import org.agora.contract.workspace.NotAuthorizedFaultType;
import org.agora.contract.wsrf.faults.BaseFaultType;
import org.agora.contract.wsrf.lifetime.ResourceNotDestroyedFault;
import org.agora.contract.wsrf.lifetime.ResourceNotDestroyedFaultType;
import org.agora.contract.wsrf.properties.InvalidResourcePropertyQNameFault;
import org.agora.contract.wsrf.properties.InvalidResourcePropertyQNameFaultType;
import org.agora.contract.wsrf.resource.ResourceUnknownFault;
import org.agora.contract.wsrf.resource.ResourceUnknownFaultType;
import org.agora.workspace.lifecycle.DestroyFailedException;
import org.agora.workspace.lifecycle.NoCapacityException;
import org.agora.workspace.lifecycle.NotAuthorizedException;
import org.agora.workspace.lifecycle.WorkspaceNotFoundException;
import org.agora.workspace.model.InvalidRequestException;

/**
 * Every condition a caller can act on, turned into its WSRF fault: a BaseFaultType with the
 * time, a stable error code and a Description a person understands. The fault's SOAP faultstring
 * carries the same sentence, for clients that read only that.
 */
final class WorkspaceFaults {
    /** Dialect of our ErrorCode values: the fault's local name, stable for scripts to match. */
    static final String ERROR_CODE_DIALECT = "http://agora-grid.org/namespaces/2026/11/workspace/errors";

    private static final DatatypeFactory DATATYPES;

    static {
        try {
            DATATYPES = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private WorkspaceFaults() {
    }

    static InvalidWorkspaceRequestFault invalidRequest(InvalidRequestException e) {
        InvalidWorkspaceRequestFaultType info = fill(new InvalidWorkspaceRequestFaultType(), "InvalidWorkspaceRequest",
                e.getMessage());
        info.setField(e.field());
        info.setAllowed(e.allowed());
        return new InvalidWorkspaceRequestFault(e.getMessage(), info);
    }

    static InvalidWorkspaceRequestFault invalidRequest(String field, String allowed, String message) {
        return invalidRequest(new InvalidRequestException(field, allowed, message));
    }

    static NoCapacityFault noCapacity(NoCapacityException e) {
        return new NoCapacityFault(e.getMessage(), fill(new NoCapacityFaultType(), "NoCapacity", e.getMessage()));
    }

    static NotAuthorizedFault notAuthorized(NotAuthorizedException e) {
        return new NotAuthorizedFault(e.getMessage(), fill(new NotAuthorizedFaultType(), "NotAuthorized", e.getMessage()));
    }

    static ResourceUnknownFault unknown(WorkspaceNotFoundException e) {
        return unknown(e.getMessage());
    }

    static ResourceUnknownFault unknown(String message) {
        return new ResourceUnknownFault(message, fill(new ResourceUnknownFaultType(), "ResourceUnknown", message));
    }

    static ResourceNotDestroyedFault notDestroyed(DestroyFailedException e) {
        return new ResourceNotDestroyedFault(e.getMessage(),
                fill(new ResourceNotDestroyedFaultType(), "ResourceNotDestroyed", e.getMessage()));
    }

    static InvalidResourcePropertyQNameFault invalidProperty(String message) {
        return new InvalidResourcePropertyQNameFault(message,
                fill(new InvalidResourcePropertyQNameFaultType(), "InvalidResourcePropertyQName", message));
    }

    static org.agora.contract.wsrf.lifetime.TerminationTimeChangeRejectedFault terminationRejected(String message) {
        return new org.agora.contract.wsrf.lifetime.TerminationTimeChangeRejectedFault(message,
                fill(new org.agora.contract.wsrf.lifetime.TerminationTimeChangeRejectedFaultType(),
                        "TerminationTimeChangeRejected", message));
    }

    static org.agora.contract.wsrf.lifetime.UnableToSetTerminationTimeFault unableToSetTermination(String message) {
        return new org.agora.contract.wsrf.lifetime.UnableToSetTerminationTimeFault(message,
                fill(new org.agora.contract.wsrf.lifetime.UnableToSetTerminationTimeFaultType(),
                        "UnableToSetTerminationTime", message));
    }

    static Exception queryFault(PropertyQueries.QueryException e) {
        String m = e.getMessage();
        return switch (e.kind) {
            case UNKNOWN_DIALECT -> new org.agora.contract.wsrf.properties.UnknownQueryExpressionDialectFault(m,
                    fill(new org.agora.contract.wsrf.properties.UnknownQueryExpressionDialectFaultType(),
                            "UnknownQueryExpressionDialect", m));
            case INVALID_EXPRESSION -> new org.agora.contract.wsrf.properties.InvalidQueryExpressionFault(m,
                    fill(new org.agora.contract.wsrf.properties.InvalidQueryExpressionFaultType(),
                            "InvalidQueryExpression", m));
            case EVALUATION_ERROR -> new org.agora.contract.wsrf.properties.QueryEvaluationErrorFault(m,
                    fill(new org.agora.contract.wsrf.properties.QueryEvaluationErrorFaultType(),
                            "QueryEvaluationError", m));
        };
    }

    static org.agora.contract.wsrf.resource.ResourceUnavailableFault unavailable(String message) {
        return new org.agora.contract.wsrf.resource.ResourceUnavailableFault(message,
                fill(new org.agora.contract.wsrf.resource.ResourceUnavailableFaultType(), "ResourceUnavailable", message));
    }

    static org.agora.contract.workspace.IllegalStateTransitionFault illegalTransition(
            org.agora.workspace.lifecycle.IllegalStateTransitionException e) {
        var info = fill(new org.agora.contract.workspace.IllegalStateTransitionFaultType(), "IllegalStateTransition",
                e.getMessage());
        info.setCurrentState(ContractTranslator.state(e.current()));
        return new org.agora.contract.workspace.IllegalStateTransitionFault(e.getMessage(), info);
    }

    /** An xs:dateTime in UTC, to the microsecond (the database's precision), e.g. 2026-11-25T10:00:00.123456Z. */
    static XMLGregorianCalendar calendar(Instant instant) {
        return DATATYPES.newXMLGregorianCalendar(instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString());
    }

    static <T extends BaseFaultType> T fill(T fault, String code, String description) {
        fault.setTimestamp(calendar(Instant.now()));
        BaseFaultType.ErrorCode errorCode = new BaseFaultType.ErrorCode();
        errorCode.setDialect(ERROR_CODE_DIALECT);
        errorCode.getContent().add(code);
        fault.setErrorCode(errorCode);
        fault.getDescription().add(description);
        return fault;
    }
}
