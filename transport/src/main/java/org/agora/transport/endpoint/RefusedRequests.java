package org.agora.transport.endpoint;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.UnmarshalException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLStreamException;
import org.agora.contract.faults.RequestFaults;
import org.agora.contract.faults.UnreadableRequest;
import org.agora.contract.lexical.MalformedValueException;
import org.agora.contract.lexical.Quote;
import org.agora.contract.wsrf.faults.BaseFaultType;
import org.agora.security.identity.GridIdentity;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.interceptor.FaultOutInterceptor;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.FaultMode;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * Every fault an endpoint sends passes here (the endpoint's out-fault chain, before the fault
 * is written). A request the service could not read becomes the service's typed fault naming the
 * element, what was sent (a short quote) and what is allowed, instead of the parser's sentence; a
 * caller's mistake is answered as soap:Client and logged as one line; anything else is the site's
 * own failure, answered as soap:Server and logged with its stack trace. No fault text leaves or is
 * logged longer than a few hundred characters, whatever the request carried.
 */
public final class RefusedRequests extends AbstractPhaseInterceptor<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedRequests.class);
    private static final Map<Class<?>, JAXBContext> CONTEXTS = new ConcurrentHashMap<>();

    private final RequestFaults faults;

    RefusedRequests(RequestFaults faults) {
        super(Phase.PRE_LOGICAL);
        this.faults = faults;
    }

    /** Installs the fault handling on an endpoint whose typed faults {@code faults} makes. */
    public static void install(org.apache.cxf.endpoint.Endpoint endpoint, RequestFaults faults) {
        endpoint.getInInterceptors().add(ElementPathInterceptor.ON_ARRIVAL);
        endpoint.getInInterceptors().add(ElementPathInterceptor.BEFORE_BODY);
        endpoint.getOutFaultInterceptors().add(new RefusedRequests(faults));
        endpoint.getOutFaultInterceptors().add(SHORT_FAULT_STRING);
    }

    /**
     * CXF writes a declared fault's own message as the faultstring after this class has run;
     * the message may quote what the caller sent (a 10 KB key), so it is shortened once more, last.
     */
    private static final AbstractPhaseInterceptor<Message> SHORT_FAULT_STRING =
            new AbstractPhaseInterceptor<>(Phase.PRE_PROTOCOL) {
                {
                    addAfter(FaultOutInterceptor.class.getName());
                }

                @Override
                public void handleMessage(Message out) {
                    if (out.getContent(Exception.class) instanceof Fault f && f.getMessage() != null) {
                        f.setMessage(Quote.shorten(f.getMessage()));
                    }
                }
            };

    @Override
    public void handleMessage(Message out) {
        Exception raised = out.getContent(Exception.class);
        if (raised == null) {
            return;
        }
        Exchange exchange = out.getExchange();
        Message in = exchange.getInMessage();
        Fault fault = raised instanceof Fault f ? f : new Fault(raised);
        String where = operation(exchange);
        Exception declared = declaredFault(fault, in);
        if (declared != null) {
            boolean callers = faults.callersMistake(declared);
            shortenDescriptions(declared);
            fault.setMessage(Quote.shorten(declared.getMessage()));
            if (callers) {
                clientCode(out, fault);
                LOG.info("event=request.refused endpoint={} fault={} caller={} reason=\"{}\"", where,
                        declared.getClass().getSimpleName(), peer(in), fault.getMessage());
            } else {
                LOG.warn("event=request.failed endpoint={} fault={} caller={} reason=\"{}\"", where,
                        declared.getClass().getSimpleName(), peer(in), fault.getMessage());
            }
            out.setContent(Exception.class, fault);
            return;
        }
        RequestSizeLimit.TooLarge tooLarge = find(fault, RequestSizeLimit.TooLarge.class);
        if (tooLarge != null) {
            Fault answer = new Fault(tooLarge);
            answer.setMessage(tooLarge.getMessage());
            answer.setStatusCode(413);
            clientCode(out, answer);
            out.put(Message.RESPONSE_CODE, 413);
            LOG.info("event=request.refused endpoint={} fault=too_large caller={} reason=\"{}\"", where, peer(in),
                    tooLarge.getMessage());
            out.setContent(Exception.class, answer);
            return;
        }
        UnreadableRequest unreadable = unreadable(fault, in, exchange);
        if (unreadable != null) {
            Fault answer = new Fault(new IllegalArgumentException(unreadable.description()));
            answer.setMessage(unreadable.description());
            answer.setDetail(detail(faults.unreadable(unreadable)));
            clientCode(out, answer);
            LOG.info("event=request.refused endpoint={} fault=unreadable field={} caller={} reason=\"{}\"", where,
                    unreadable.field(), peer(in), unreadable.description());
            out.setContent(Exception.class, answer);
            return;
        }
        if (callersSecurityMistake(fault)) {
            fault.setMessage(Quote.shorten(fault.getMessage()));
            if (fault.getDetail() == null || !fault.getDetail().hasChildNodes()) {
                fault.setDetail(detail(faults.refusedCaller(fault.getMessage())));
            }
            LOG.info("event=request.refused endpoint={} fault=security caller={} reason=\"{}\"", where, peer(in),
                    fault.getMessage());
            return;
        }
        if (UndeliveredAnswers.callerGone(fault) != null) {
            if (UndeliveredAnswers.alreadyReported(exchange)) {
                return;
            }
            LOG.info("event=request.abandoned endpoint={} caller={} reason=\"the caller closed the connection before "
                    + "the answer was sent\"", where, peer(in));
            return;
        }
        LOG.warn("event=request.failed endpoint={} caller={} reason=\"{}\"", where, peer(in),
                Quote.shorten(String.valueOf(fault.getMessage())), fault);
        fault.setMessage(Quote.shorten(fault.getMessage()));
        out.setContent(Exception.class, fault);
    }

    /** The fault of the service's contract that the operation raised, or null. */
    private static Exception declaredFault(Fault fault, Message in) {
        FaultMode mode = in == null ? null : in.get(FaultMode.class);
        Throwable cause = fault.getCause();
        if (mode == FaultMode.CHECKED_APPLICATION_FAULT && cause instanceof Exception e
                && !(cause instanceof RuntimeException)) {
            return e;
        }
        return null;
    }

    private static UnreadableRequest unreadable(Fault fault, Message in, Exchange exchange) {
        String field = ElementPathInterceptor.field(in);
        if (field == null) {
            return null;
        }
        MalformedValueException malformed = find(fault, MalformedValueException.class);
        if (malformed != null) {
            return new UnreadableRequest(field, malformed.sent(), malformed.allowed(),
                    field + ": " + malformed.sent() + " is not " + malformed.allowed());
        }
        XMLStreamException notXml = find(fault, XMLStreamException.class);
        if (notXml != null) {
            String allowed = "well-formed XML 1.0 (no control characters other than tab and line breaks)";
            return new UnreadableRequest(field, "malformed XML", allowed,
                    field + ": the request is not well-formed XML there (" + parserSentence(notXml) + "); "
                            + "allowed: " + allowed);
        }
        JAXBException unexpected = find(fault, JAXBException.class);
        if (unexpected != null) {
            String allowed = "the elements the service's WSDL declares for " + operationName(exchange);
            return new UnreadableRequest(field, "an element the contract does not have", allowed,
                    field + ": " + parserSentence(unexpected) + "; allowed: " + allowed);
        }
        if (fault.getCause() == null && !(fault instanceof SoapFault)) {
            // CXF's own refusal of the message's shape, e.g. a Body element that is no operation of the port.
            String allowed = "one of " + operations(exchange);
            return new UnreadableRequest(field, "'" + field + "'", allowed,
                    field + ": " + Quote.shorten(fault.getMessage()) + "; allowed: " + allowed);
        }
        return null;
    }

    private static boolean callersSecurityMistake(Fault fault) {
        if (find(fault, SecurityException.class) != null) {
            return true;
        }
        return fault instanceof SoapFault soap && !"Server".equals(soap.getFaultCode().getLocalPart())
                && !"Receiver".equals(soap.getFaultCode().getLocalPart());
    }

    private static void clientCode(Message out, Fault fault) {
        if (fault instanceof SoapFault soap && out instanceof SoapMessage message) {
            soap.setFaultCode(message.getVersion().getSender());
        } else {
            fault.setFaultCode(Fault.FAULT_CODE_CLIENT);
        }
    }

    /** The declared fault's Description entries, shortened: they may quote a key or a name the caller sent. */
    private static void shortenDescriptions(Exception declared) {
        try {
            Object info = declared.getClass().getMethod("getFaultInfo").invoke(declared);
            if (info instanceof BaseFaultType base) {
                List<String> shortened = new ArrayList<>();
                base.getDescription().forEach(d -> shortened.add(Quote.shorten(d)));
                base.getDescription().clear();
                base.getDescription().addAll(shortened);
            }
        } catch (ReflectiveOperationException notAGeneratedFault) {
            // A declared fault without a fault bean carries only its message, shortened by the caller.
        }
    }

    private static org.w3c.dom.Element detail(JAXBElement<? extends BaseFaultType> element) {
        try {
            JAXBContext context = CONTEXTS.computeIfAbsent(element.getDeclaredType(), RefusedRequests::context);
            Document doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().newDocument();
            org.w3c.dom.Element detail = doc.createElementNS(null, "detail");
            doc.appendChild(detail);
            context.createMarshaller().marshal(element, detail);
            return detail;
        } catch (JAXBException | ParserConfigurationException e) {
            throw new IllegalStateException("cannot write the fault detail " + element.getName(), e);
        }
    }

    private static JAXBContext context(Class<?> type) {
        try {
            return JAXBContext.newInstance(type.getPackageName(), type.getClassLoader());
        } catch (JAXBException e) {
            throw new IllegalStateException("no JAXB context for " + type.getName(), e);
        }
    }

    /** A library's sentence without its position suffix ("at [row,col]: …") and shortened. */
    private static String parserSentence(Throwable t) {
        Throwable linked = t instanceof UnmarshalException u && u.getLinkedException() != null ? u.getLinkedException() : t;
        String m = linked.getMessage() == null ? linked.getClass().getSimpleName() : linked.getMessage();
        int at = m.indexOf("\n at [");
        if (at >= 0) {
            m = m.substring(0, at);
        }
        m = m.replaceAll("(?s)^\\s*(Unmarshalling Error:|ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:)\\s*", "");
        return Quote.shorten(m.replaceAll("\\b(com|org|javax|jakarta|java)\\.[\\w.$]+(Exception|Error)\\b:?\\s*", ""));
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int i = 0; t != null && i < 16; i++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            Throwable next = t.getCause();
            if (next == null && t instanceof JAXBException j) {
                next = j.getLinkedException();
            }
            t = next == t ? null : next;
        }
        return null;
    }

    private static String operation(Exchange exchange) {
        QName port = exchange.getEndpoint() == null ? null : exchange.getEndpoint().getEndpointInfo().getName();
        return (port == null ? "?" : port.getLocalPart()) + "/" + operationName(exchange);
    }

    private static String operationName(Exchange exchange) {
        BindingOperationInfo op = exchange.getBindingOperationInfo();
        return op == null ? "?" : op.getName().getLocalPart();
    }

    private static String operations(Exchange exchange) {
        if (exchange.getEndpoint() == null) {
            return "the operations in the service's WSDL";
        }
        return exchange.getEndpoint().getEndpointInfo().getBinding().getOperations().stream()
                .map(o -> o.getName().getLocalPart()).sorted().collect(Collectors.joining(", "));
    }

    /** The caller as an admin would look for it: its address and, after the TLS handshake, its grid DN. */
    private static String peer(Message in) {
        Object request = in == null ? null : in.get(AbstractHTTPDestination.HTTP_REQUEST);
        String address = request instanceof HttpServletRequest http ? http.getRemoteAddr() : "?";
        TLSSessionInfo tls = in == null ? null : in.get(TLSSessionInfo.class);
        Certificate[] chain = tls == null ? null : tls.getPeerCertificates();
        if (chain == null || chain.length == 0) {
            return address;
        }
        try {
            return address + " dn=\"" + GridIdentity.fromChain(Arrays.stream(chain).map(X509Certificate.class::cast)
                    .toArray(X509Certificate[]::new)).dn() + "\"";
        } catch (RuntimeException notAGridChain) {
            return address;
        }
    }
}
