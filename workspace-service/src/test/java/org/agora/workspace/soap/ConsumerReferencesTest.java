package org.agora.workspace.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.addressing.ReferenceParametersType;
import org.agora.contract.wsn.SubscribeCreationFailedFault;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class ConsumerReferencesTest {
    @Test
    void aConsumerReferenceIsStoredAsTheEndpointReferenceElementWithItsParametersAsTheyCame() throws Exception {
        // As the data binding hands it over: a parameter it knows as an object, one it does not as DOM.
        EndpointReferenceType consumer = ContractTranslator.reference("https://consumer.example.org/notify",
                ContractTranslator.WORKSPACE_KEY, "w-1");
        Element route = PropertyQueriesTest.parse("<c:Route xmlns:c='urn:example:consumer'>blue</c:Route>");
        consumer.getReferenceParameters().getAny().add(route);

        Element stored = PropertyQueriesTest.parse(ConsumerReferences.toXml(consumer));
        assertEquals(ContractTranslator.WSA, stored.getNamespaceURI());
        assertEquals("EndpointReference", stored.getLocalName());
        assertEquals("https://consumer.example.org/notify", stored.getElementsByTagNameNS(ContractTranslator.WSA,
                "Address").item(0).getTextContent());
        List<Element> params = children((Element) stored.getElementsByTagNameNS(ContractTranslator.WSA,
                "ReferenceParameters").item(0));
        assertEquals(2, params.size());
        assertEquals(ContractTranslator.NS, params.get(0).getNamespaceURI());
        assertEquals("WorkspaceKey", params.get(0).getLocalName());
        assertEquals("w-1", params.get(0).getTextContent());
        assertEquals("urn:example:consumer", params.get(1).getNamespaceURI());
        assertEquals("blue", params.get(1).getTextContent());
        assertEquals("https://consumer.example.org/notify", ConsumerReferences.address(consumer));
    }

    @Test
    void aConsumerReferenceWithoutAddressIsRefused() {
        EndpointReferenceType empty = new EndpointReferenceType();
        empty.setReferenceParameters(new ReferenceParametersType());
        assertThrows(SubscribeCreationFailedFault.class, () -> ConsumerReferences.address(empty));
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }
}
