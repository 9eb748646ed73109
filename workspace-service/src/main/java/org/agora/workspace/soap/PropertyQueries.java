package org.agora.workspace.soap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.transform.dom.DOMSource;
import org.apache.axiom.om.OMAttribute;
import org.apache.axiom.om.OMDocument;
import org.apache.axiom.om.OMElement;
import org.apache.axiom.om.OMNode;
import org.apache.axiom.om.OMText;
import org.apache.axiom.om.OMXMLBuilderFactory;
import org.apache.axiom.om.xpath.AXIOMXPath;
import org.jaxen.JaxenException;
import org.jaxen.XPathSyntaxException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * WS-ResourceProperties reads over a resource-property document: several properties by name, and
 * XPath 1.0 queries evaluated with Apache Axiom (Jaxen underneath), in the document's own terms.
 */
final class PropertyQueries {
    /** The one query dialect offered: XPath 1.0. */
    static final String XPATH_1 = "http://www.w3.org/TR/1999/REC-xpath-19991116";

    /**
     * Prefixes a query may use without declaring them: the request's own namespace declarations do
     * not survive data binding, so the usual ones are fixed here (and documented in docs/).
     */
    static final Map<String, String> PREFIXES = Map.of(
            "ws", ContractTranslator.NS,
            "wsrf-rl", "http://docs.oasis-open.org/wsrf/rl-2",
            "wsrf-rp", "http://docs.oasis-open.org/wsrf/rp-2",
            "wsa", "http://www.w3.org/2005/08/addressing");

    /** Why a query could not be answered; which fault it becomes depends on the kind. */
    static final class QueryException extends Exception {
        enum Kind { UNKNOWN_DIALECT, INVALID_EXPRESSION, EVALUATION_ERROR }

        final Kind kind;

        QueryException(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }
    }

    private PropertyQueries() {
    }

    /**
     * Evaluates {@code expression} against the document: node-sets come back as elements (or the
     * text of attributes and text nodes), other results as their string value.
     */
    static List<Object> query(Element document, String dialect, String expression) throws QueryException {
        if (!XPATH_1.equals(dialect)) {
            throw new QueryException(QueryException.Kind.UNKNOWN_DIALECT, "query dialect '" + dialect
                    + "' is not offered; use XPath 1.0, dialect " + XPATH_1);
        }
        if (expression == null || expression.isBlank()) {
            throw new QueryException(QueryException.Kind.INVALID_EXPRESSION, "the query expression is empty");
        }
        AXIOMXPath xpath;
        try {
            xpath = new AXIOMXPath(expression.strip());
            for (Map.Entry<String, String> p : PREFIXES.entrySet()) {
                xpath.addNamespace(p.getKey(), p.getValue());
            }
        } catch (XPathSyntaxException e) {
            throw new QueryException(QueryException.Kind.INVALID_EXPRESSION, "'" + expression.strip()
                    + "' is not an XPath 1.0 expression: " + e.getMessage());
        } catch (JaxenException e) {
            throw new QueryException(QueryException.Kind.INVALID_EXPRESSION, e.getMessage());
        }
        OMDocument om = OMXMLBuilderFactory.createOMBuilder(new DOMSource(document.getOwnerDocument())).getDocument();
        try {
            Object result = xpath.evaluate(om);
            List<Object> content = new ArrayList<>();
            if (result instanceof List<?> nodes) {
                for (Object n : nodes) {
                    content.add(toContent(n));
                }
            } else {
                content.add(stringValue(result));
            }
            return content;
        } catch (JaxenException e) {
            throw new QueryException(QueryException.Kind.EVALUATION_ERROR, "evaluating '" + expression.strip()
                    + "' failed: " + e.getMessage() + " (prefixes available: " + PREFIXES.keySet() + ")");
        }
    }

    private static Object toContent(Object node) {
        if (node instanceof OMElement e) {
            return toDom(e);
        }
        if (node instanceof OMAttribute a) {
            return a.getAttributeValue();
        }
        if (node instanceof OMText t) {
            return t.getText();
        }
        if (node instanceof OMDocument d) {
            return toDom(d.getOMDocumentElement());
        }
        return node instanceof OMNode n ? n.toString() : String.valueOf(node);
    }

    private static String stringValue(Object result) {
        if (result instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(result);
    }

    private static Element toDom(OMElement element) {
        try {
            return DomDocuments.parse(element.toString()).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot copy a query result out of the property document", e);
        }
    }
}
