package org.agora.client.workspace;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import org.agora.security.tls.TlsMaterial;
import org.agora.transport.tls.SecureClients;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * One SOAP 1.1 request and its answer over mutual TLS, without CXF: the request element marshalled
 * by JAXB into an envelope carrying the same WS-Addressing headers a CXF port sends (the EPR's
 * reference parameters, Action, MessageID, To, ReplyTo), posted with the caller's credential, the
 * answer's body element unmarshalled. For the {@code agora} command's one call, where building a
 * CXF port (the contract's WSDL and schemas, the service model, the data binding) costs twice the
 * call itself. It neither signs nor reads faults: when the service applied nothing (a fault, a
 * refused connection) the answer is empty and the caller makes the call again through its CXF port,
 * which reports it as it always has; an answer lost after sending is the caller's to report.
 */
public final class SoapOverHttps {
    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String WSA = "http://www.w3.org/2005/08/addressing";
    private static final Map<List<Class<?>>, JAXBContext> CONTEXTS = new ConcurrentHashMap<>();

    private final TlsMaterial tls;
    private SSLSocketFactory sockets;

    public SoapOverHttps(TlsMaterial tls) {
        this.tls = tls;
    }

    /**
     * Sends {@code request} to {@code address} as {@code action}, and returns the answer's body
     * element as {@code answerType}. Empty when the service applied nothing, so that the call may be
     * made again through a CXF port to be reported as ever: nothing could be sent (no connection,
     * a refused handshake), or the service refused it (a SOAP fault, another HTTP status).
     *
     * @throws IOException the request was sent and its answer lost or unreadable: the service may
     *     have applied it, so it must not be sent again; or no connection within
     *     {@link SecureClients#CONNECT_TIMEOUT}, which the port would only wait for again
     */
    public <T> Optional<T> call(String address, String action, List<Element> referenceParameters, Object request,
                                Class<T> answerType) throws IOException {
        JAXBContext context;
        HttpsURLConnection connection;
        try {
            context = CONTEXTS.computeIfAbsent(List.of(request.getClass(), answerType), SoapOverHttps::context);
            byte[] envelope = envelope(context, address, action, referenceParameters, request);
            connection = (HttpsURLConnection) new URL(address).openConnection();
            connection.setSSLSocketFactory(sockets());
            connection.setConnectTimeout((int) SecureClients.CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) SecureClients.RECEIVE_TIMEOUT.toMillis());
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(envelope.length);
            connection.setRequestProperty("Content-Type", "text/xml; charset=UTF-8");
            connection.setRequestProperty("SOAPAction", "\"" + action + "\"");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(envelope);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException | JAXBException | XMLStreamException | RuntimeException e) {
            return Optional.empty(); // not sent whole: nothing the service could apply
        }
        if (connection.getResponseCode() != HttpsURLConnection.HTTP_OK) {
            return Optional.empty();
        }
        byte[] answer;
        try (InputStream in = connection.getInputStream()) {
            answer = in.readAllBytes();
        }
        try {
            return Optional.of(body(context, answer, answerType));
        } catch (JAXBException | XMLStreamException | RuntimeException e) {
            throw new IOException("the answer from " + address + " is not a " + answerType.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    private SSLSocketFactory sockets() {
        if (sockets == null) {
            sockets = tls.sslContext().getSocketFactory();
        }
        return sockets;
    }

    private static JAXBContext context(List<Class<?>> classes) {
        try {
            return JAXBContext.newInstance(classes.toArray(Class<?>[]::new));
        } catch (JAXBException e) {
            throw new IllegalStateException("no JAXB context for " + classes, e);
        }
    }

    private static byte[] envelope(JAXBContext context, String address, String action,
                                   List<Element> referenceParameters, Object request)
            throws XMLStreamException, JAXBException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("soap", "Envelope", SOAP);
        xml.writeNamespace("soap", SOAP);
        xml.writeNamespace("wsa", WSA);
        xml.writeStartElement("soap", "Header", SOAP);
        for (Element parameter : referenceParameters) {
            // WS-Addressing 1.0: each reference parameter is echoed as a header, marked as such.
            write(xml, parameter, true);
        }
        simpleHeader(xml, "Action", action);
        simpleHeader(xml, "MessageID", "urn:uuid:" + UUID.randomUUID());
        simpleHeader(xml, "To", address);
        xml.writeStartElement("wsa", "ReplyTo", WSA);
        simpleHeader(xml, "Address", WSA + "/anonymous");
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeStartElement("soap", "Body", SOAP);
        Marshaller marshaller = context.createMarshaller();
        marshaller.setProperty(Marshaller.JAXB_FRAGMENT, Boolean.TRUE);
        marshaller.marshal(request, xml);
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.close();
        return bytes.toByteArray();
    }

    private static void simpleHeader(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement("wsa", name, WSA);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    /** A DOM element (a reference parameter: a name and text, perhaps attributes and children) as it is. */
    private static void write(XMLStreamWriter xml, Element element, boolean referenceParameter)
            throws XMLStreamException {
        String namespace = element.getNamespaceURI() == null ? "" : element.getNamespaceURI();
        String prefix = element.getPrefix() == null || element.getPrefix().equals("wsa") ? "rp" : element.getPrefix();
        xml.writeStartElement(prefix, element.getLocalName(), namespace);
        xml.writeNamespace(prefix, namespace);
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            String uri = attribute.getNamespaceURI();
            if ("http://www.w3.org/2000/xmlns/".equals(uri) || attribute.getName().startsWith("xmlns")
                    || (referenceParameter && WSA.equals(uri) && "IsReferenceParameter".equals(attribute.getLocalName()))) {
                continue;
            }
            if (uri == null) {
                xml.writeAttribute(attribute.getName(), attribute.getValue());
            } else {
                xml.writeAttribute(uri.equals(WSA) ? "wsa" : attribute.getPrefix(), uri, attribute.getLocalName(),
                        attribute.getValue());
            }
        }
        if (referenceParameter) {
            xml.writeAttribute("wsa", WSA, "IsReferenceParameter", "true");
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                write(xml, e, false);
            } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                xml.writeCharacters(child.getNodeValue());
            }
        }
        xml.writeEndElement();
    }

    /** The Body's element as {@code answerType}. */
    private static <T> T body(JAXBContext context, byte[] answer, Class<T> answerType)
            throws XMLStreamException, JAXBException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        XMLStreamReader xml = factory.createXMLStreamReader(new ByteArrayInputStream(answer));
        int depth = 0;
        boolean inBody = false;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (depth == 2 && SOAP.equals(xml.getNamespaceURI()) && "Body".equals(xml.getLocalName())) {
                    inBody = true;
                } else if (inBody && depth == 3) {
                    return context.createUnmarshaller().unmarshal(xml, answerType).getValue();
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        throw new XMLStreamException("no Body element in the answer");
    }
}
