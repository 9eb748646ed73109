package org.agora.deploy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import org.agora.security.authz.ContractOperations;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The limited-proxy table against the contracts themselves: every operation of every port type in
 * the WSDL files is classified, read-only or changing, and the table names nothing the contracts
 * lack. An operation added to a WSDL fails here until someone decides whether a limited proxy may
 * call it (until then it is refused to them).
 */
class ContractOperationsTest {
    private static final String WSDL = "http://schemas.xmlsoap.org/wsdl/";
    private static final String NODE_NS = "http://agora-grid.org/namespaces/2026/11/node";

    /**
     * The one port type agora-server does not serve: the adapter's node service, which admits only
     * the service's host DN, never a user's proxy. (The notification consumer's port type is
     * OASIS's, bound in consumer.wsdl and served by subscribers.)
     */
    private static final Set<QName> SERVED_ELSEWHERE = Set.of(new QName(NODE_NS, "Node"));

    @Test
    void everyOperationOfEveryServedPortTypeIsClassifiedAndNothingElse() throws Exception {
        Map<QName, Set<String>> contracts = portTypesOfTheContracts();
        assertTrue(contracts.keySet().containsAll(SERVED_ELSEWHERE), "the node contract was found: "
                + contracts.keySet());
        Map<QName, Set<String>> served = new TreeMap<>(java.util.Comparator.comparing(QName::toString));
        contracts.forEach((portType, ops) -> {
            if (!SERVED_ELSEWHERE.contains(portType)) {
                served.put(portType, ops);
            }
        });
        Map<QName, Set<String>> table = new TreeMap<>(java.util.Comparator.comparing(QName::toString));
        for (QName portType : ContractOperations.AGORA.portTypes()) {
            table.put(portType, ContractOperations.AGORA.portType(portType).orElseThrow().all());
        }
        assertEquals(served, table, "ContractOperations must classify exactly the operations of the WSDL port types");
    }

    /** Every wsdl:portType of the top-level contract files, with its operations' names. */
    private static Map<QName, Set<String>> portTypesOfTheContracts() throws Exception {
        URL anchor = ContractOperationsTest.class.getClassLoader().getResource("wsdl/workspace.wsdl");
        URI uri = anchor.toURI();
        Map<QName, Set<String>> out = new TreeMap<>(java.util.Comparator.comparing(QName::toString));
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                read(jar.provider().getPath(uri).getParent(), out);
            }
        } else {
            read(Path.of(uri).getParent(), out);
        }
        return out;
    }

    private static void read(Path dir, Map<QName, Set<String>> out) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".wsdl")).toList()) {
                Document doc;
                try (var in = Files.newInputStream(file)) {
                    doc = factory.newDocumentBuilder().parse(in);
                }
                String ns = doc.getDocumentElement().getAttribute("targetNamespace");
                NodeList portTypes = doc.getElementsByTagNameNS(WSDL, "portType");
                for (int i = 0; i < portTypes.getLength(); i++) {
                    Element portType = (Element) portTypes.item(i);
                    Set<String> ops = new TreeSet<>();
                    NodeList operations = portType.getElementsByTagNameNS(WSDL, "operation");
                    for (int j = 0; j < operations.getLength(); j++) {
                        ops.add(((Element) operations.item(j)).getAttribute("name"));
                    }
                    out.put(new QName(ns, portType.getAttribute("name")), ops);
                }
            }
        }
    }
}
