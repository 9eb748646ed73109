package org.agora.client.handles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.ws.wsaddressing.W3CEndpointReference;
import jakarta.xml.ws.wsaddressing.W3CEndpointReferenceBuilder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.agora.client.workspace.EndpointReferences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class HandleStoreTest {
    @TempDir
    Path home;

    static W3CEndpointReference epr(String id) throws Exception {
        var doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().newDocument();
        Element key = doc.createElementNS(EndpointReferences.WORKSPACE_KEY.getNamespaceURI(), "ws:WorkspaceKey");
        key.setTextContent(id);
        return new W3CEndpointReferenceBuilder().address("https://site.example.org:8443/agora/Workspace")
                .referenceParameter(key).build();
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
}
