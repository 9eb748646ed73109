package org.agora.client.handles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.bind.JAXBElement;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.agora.client.workspace.EndpointReferences;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.addressing.ReferenceParametersType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class HandleStoreTest {
    @TempDir
    Path home;

    /** An EPR as a CreateResponse brings it: the data binding made the WorkspaceKey a JAXBElement. */
    static EndpointReferenceType epr(String id) {
        EndpointReferenceType epr = EndpointReferences.of("https://site.example.org:8443/agora/Workspace");
        epr.setReferenceParameters(new ReferenceParametersType());
        epr.getReferenceParameters().getAny().add(new JAXBElement<>(EndpointReferences.WORKSPACE_KEY, String.class, id));
        return epr;
    }

    @Test
    void handlesCountUpAndResolveByHandleIdOrFile() throws Exception {
        HandleStore store = HandleStore.forUser(Map.of(), home);
        assertEquals("ws-001", store.remember(epr("id-1")));
        assertEquals("ws-002", store.remember(epr("id-2")));
        assertEquals(home.resolve(".agora/workspaces"), store.directory());

        assertEquals(Optional.of("id-2"), EndpointReferences.workspaceId(store.resolve("ws-002")));
        assertEquals(Optional.of("id-1"), EndpointReferences.workspaceId(store.resolve("id-1")));
        assertEquals(Optional.of("id-1"),
                EndpointReferences.workspaceId(store.resolve(store.directory().resolve("ws-001.epr").toString())));
        assertEquals("https://site.example.org:8443/agora/Workspace", EndpointReferences.address(store.resolve("ws-001")));
        assertEquals(Optional.of("ws-002"), store.handleOf("id-2"));

        store.forget("ws-002");
        assertEquals("ws-002", store.remember(epr("id-3")), "a forgotten top handle is reused");
    }

    @Test
    void anUnknownHandleSaysWhereItLookedAndWhatToDo() {
        HandleStore store = HandleStore.forUser(Map.of("AGORA_HOME", home.resolve("elsewhere").toString()), home);
        HandleException e = assertThrows(HandleException.class, () -> store.resolve("ws-009"));
        assertTrue(e.getMessage().contains("ws-009") && e.getMessage().contains("elsewhere")
                && e.getMessage().contains("agora workspace list"), e.getMessage());
    }

    @Test
    void handleFilesWrittenThroughW3CEndpointReferenceAreStillRead() throws Exception {
        // As the 0.1 CLI wrote it: JAX-WS's W3CEndpointReference.writeTo, the key a DOM element.
        HandleStore store = HandleStore.forUser(Map.of(), home);
        Files.createDirectories(store.directory());
        try (InputStream old = getClass().getResourceAsStream("/handles/written-by-w3c-endpoint-reference.epr")) {
            Files.copy(old, store.directory().resolve("ws-001.epr"));
        }
        EndpointReferenceType epr = store.resolve("ws-001");
        assertEquals("https://site.example.org:8443/agora/Workspace", EndpointReferences.address(epr));
        assertEquals(Optional.of("id-1"), EndpointReferences.workspaceId(epr));
        assertEquals(Optional.of("ws-001"), store.handleOf("id-1"));
        assertEquals("ws-002", store.remember(epr("id-2")), "new handles count on from the old files");
    }

    @Test
    void referenceParametersBecomeTheElementsTheyCameAs() throws Exception {
        HandleStore store = HandleStore.forUser(Map.of(), home);
        var doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().newDocument();
        Element other = doc.createElementNS("urn:example:consumer", "c:Route");
        other.setTextContent("blue");
        EndpointReferenceType epr = epr("id-7");
        epr.getReferenceParameters().getAny().add(other);

        for (EndpointReferenceType seen : List.of(epr, store.resolve(store.directory().resolve(
                store.remember(epr) + ".epr").toString()))) {
            List<Element> params = EndpointReferences.referenceParameters(seen);
            assertEquals(2, params.size());
            assertEquals(EndpointReferences.WORKSPACE_KEY.getNamespaceURI(), params.get(0).getNamespaceURI());
            assertEquals("WorkspaceKey", params.get(0).getLocalName());
            assertEquals("id-7", params.get(0).getTextContent());
            assertEquals("urn:example:consumer", params.get(1).getNamespaceURI());
            assertEquals("blue", params.get(1).getTextContent());
        }
    }
}
