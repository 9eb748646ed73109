package org.agora.workspace.soap;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Namespace-aware DOM documents for the messages rendered to DOM (property documents, the
 * notification payload). Building a {@link DocumentBuilder} (a factory lookup and a parser
 * configuration) cost more than the marshalling it served, so each thread keeps one: a builder is
 * not thread-safe, and the documents it makes do not depend on it.
 */
final class DomDocuments {
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(() -> {
        try {
            return DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's default DOM implementation is unavailable", e);
        }
    });

    private DomDocuments() {
    }

    /** An empty document. */
    static Document create() {
        return BUILDERS.get().newDocument();
    }

    /** {@code xml} parsed. */
    static Document parse(String xml) throws SAXException, IOException {
        DocumentBuilder builder = BUILDERS.get();
        // A parse that failed half-way leaves the builder as it was only after a reset.
        builder.reset();
        return builder.parse(new InputSource(new StringReader(xml)));
    }
}
