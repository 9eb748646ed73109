package org.agora.transport.signing;

import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.helpers.DOMUtils;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.security.wss4j.WSS4JInInterceptor;
import org.apache.wss4j.common.WSS4JConstants;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.WSDataRef;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.WSHandlerConstants;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Fails a message whose SOAP Body, or any Timestamp in a Security header, is not itself an element
 * the verified signature covers: the same rule as CXF's {@code CryptoCoverageChecker} with the
 * XPaths {@code /soapenv:Envelope/soapenv:Body} and
 * {@code /soapenv:Envelope/soapenv:Header/wsse:Security/wsu:Timestamp}, each found element compared
 * by identity with the signature's references, so a signed Body moved under a wrapper (XML
 * signature wrapping) does not count. The elements are reached by walking the envelope's children:
 * the XPath checker builds an XPath engine through the JDK's service lookup on every message, a
 * sizeable part of a signed call's CPU.
 */
final class SignatureCoverage extends AbstractSoapInterceptor {
    private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";

    SignatureCoverage() {
        super(Phase.PRE_PROTOCOL);
        addAfter(WSS4JInInterceptor.class.getName());
    }

    @Override
    public void handleMessage(SoapMessage message) throws Fault {
        Set<Element> signed = signedElements(message);
        if (signed.isEmpty()) {
            throw refusal("the message carries no verified signature over its Body and Timestamp");
        }
        Element envelope = envelope(message);
        boolean bodyFound = false;
        for (Element child = firstElement(envelope); child != null; child = nextElement(child)) {
            if (is(child, SOAP11, "Body")) {
                bodyFound = true;
                if (!signed.contains(child)) {
                    throw refusal("the SOAP Body is not covered by the message signature");
                }
            } else if (is(child, SOAP11, "Header")) {
                requireSignedTimestamps(child, signed);
            }
        }
        if (!bodyFound) {
            throw refusal("the message has no SOAP Body under its Envelope");
        }
    }

    private static void requireSignedTimestamps(Element header, Set<Element> signed) {
        for (Element block = firstElement(header); block != null; block = nextElement(block)) {
            if (!is(block, WSS4JConstants.WSSE_NS, WSS4JConstants.WSSE_LN)) {
                continue;
            }
            for (Element item = firstElement(block); item != null; item = nextElement(item)) {
                if (is(item, WSS4JConstants.WSU_NS, WSS4JConstants.TIMESTAMP_TOKEN_LN) && !signed.contains(item)) {
                    throw refusal("a Timestamp in the Security header is not covered by the message signature");
                }
            }
        }
    }

    /** The elements the verified signatures reference as whole elements (not only their content). */
    private static Set<Element> signedElements(SoapMessage message) {
        Set<Element> signed = Collections.newSetFromMap(new IdentityHashMap<>());
        if (!(message.get(WSHandlerConstants.RECV_RESULTS) instanceof List<?> results)) {
            return signed;
        }
        for (Object r : results) {
            List<WSSecurityEngineResult> signatures = ((WSHandlerResult) r).getActionResults()
                    .getOrDefault(WSConstants.SIGN, List.of());
            for (WSSecurityEngineResult signature : signatures) {
                if (signature.get(WSSecurityEngineResult.TAG_DATA_REF_URIS) instanceof List<?> refs) {
                    for (Object ref : refs) {
                        WSDataRef dataRef = (WSDataRef) ref;
                        if (!dataRef.isContent() && dataRef.getProtectedElement() != null) {
                            signed.add(dataRef.getProtectedElement());
                        }
                    }
                }
            }
        }
        return signed;
    }

    private static Element envelope(SoapMessage message) {
        SOAPMessage saaj = message.getContent(SOAPMessage.class);
        if (saaj == null) {
            throw refusal("the message could not be read as a SOAP envelope");
        }
        try {
            // The DOM element under SAAJ's wrapper: the signature's references point into the DOM.
            return (Element) DOMUtils.getDomElement(saaj.getSOAPPart().getEnvelope());
        } catch (SOAPException e) {
            throw refusal("the message could not be read as a SOAP envelope: " + e.getMessage());
        }
    }

    private static boolean is(Element e, String namespace, String localName) {
        return namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
    }

    private static Element firstElement(Node parent) {
        Node n = parent.getFirstChild();
        while (n != null && n.getNodeType() != Node.ELEMENT_NODE) {
            n = n.getNextSibling();
        }
        return (Element) n;
    }

    private static Element nextElement(Node previous) {
        Node n = previous.getNextSibling();
        while (n != null && n.getNodeType() != Node.ELEMENT_NODE) {
            n = n.getNextSibling();
        }
        return (Element) n;
    }

    private static SoapFault refusal(String reason) {
        return new SoapFault(reason + "; sign the Body and the Timestamp with one signature", Fault.FAULT_CODE_CLIENT);
    }
}
