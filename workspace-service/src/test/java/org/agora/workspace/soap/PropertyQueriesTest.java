package org.agora.workspace.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

class PropertyQueriesTest {
    static final String NS = ContractTranslator.NS;
    static final Element DOCUMENT = parse("<ws:WorkspaceProperties xmlns:ws='" + NS + "'>"
            + "<ws:WorkspaceId>w-1</ws:WorkspaceId><ws:State>Running</ws:State><ws:Vcpus>2</ws:Vcpus>"
            + "<ws:MemoryMiB>512</ws:MemoryMiB></ws:WorkspaceProperties>");

    static Element parse(String xml) {
        try {
            return DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                    .parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void xpathNodeSetsComeBackAsElementsAndOtherResultsAsStrings() throws Exception {
        List<Object> state = PropertyQueries.query(DOCUMENT, PropertyQueries.XPATH_1, "/ws:WorkspaceProperties/ws:State");
        assertEquals(1, state.size());
        Element e = (Element) state.get(0);
        assertEquals(NS, e.getNamespaceURI());
        assertEquals("Running", e.getTextContent());
        assertEquals(List.of("4"), PropertyQueries.query(DOCUMENT, PropertyQueries.XPATH_1, "count(/*/*)"));
        assertEquals(List.of("true"), PropertyQueries.query(DOCUMENT, PropertyQueries.XPATH_1,
                "/*/ws:MemoryMiB > 256 and /*/ws:State = 'Running'"));
        assertEquals(List.of(), PropertyQueries.query(DOCUMENT, PropertyQueries.XPATH_1, "/*/ws:Node"));
    }

    @Test
    void badQueriesSayWhatIsWrong() {
        PropertyQueries.QueryException dialect = assertThrows(PropertyQueries.QueryException.class,
                () -> PropertyQueries.query(DOCUMENT, "urn:sql", "select *"));
        assertEquals(PropertyQueries.QueryException.Kind.UNKNOWN_DIALECT, dialect.kind);
        assertTrue(dialect.getMessage().contains(PropertyQueries.XPATH_1));
        PropertyQueries.QueryException syntax = assertThrows(PropertyQueries.QueryException.class,
                () -> PropertyQueries.query(DOCUMENT, PropertyQueries.XPATH_1, "/ws:State[["));
        assertEquals(PropertyQueries.QueryException.Kind.INVALID_EXPRESSION, syntax.kind);
        PropertyQueries.QueryException prefix = assertThrows(PropertyQueries.QueryException.class,
                () -> PropertyQueries.query(DOCUMENT, PropertyQueries.XPATH_1, "/nope:Thing"));
        assertTrue(prefix.getMessage().contains("prefixes available"), prefix.getMessage());
    }
}
