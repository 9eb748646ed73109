package org.agora.workspace.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import java.io.StringWriter;
import java.util.List;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.namespace.QName;
import org.agora.contract.workspace.WorkspaceProperties;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.contract.wsrf.lifetime.TerminationTime;
import org.agora.contract.wsrf.properties.GetResourcePropertyResponse;
import org.junit.jupiter.api.Test;

class PropertyElementsTest {
    static final String NS = ContractTranslator.NS;
    static final String RL = "http://docs.oasis-open.org/wsrf/rl-2";

    static WorkspaceProperties document() throws Exception {
        WorkspaceProperties p = new WorkspaceProperties();
        p.setWorkspaceId("w-1");
        p.setState(WorkspaceStateType.RUNNING);
        p.setVcpus(2);
        p.setMemoryMiB(512);
        TerminationTime t = new TerminationTime();
        t.setValue(DatatypeFactory.newInstance().newXMLGregorianCalendar("2026-12-03T18:00:00Z"));
        p.setTerminationTime(t);
        return p;
    }

    @Test
    void propertiesAreSelectedByQualifiedNameAndAnUnsetOptionalOneIsNoElement() throws Exception {
        WorkspaceProperties document = document();
        List<Object> vcpus = PropertyElements.select(document, new QName(NS, "Vcpus")).orElseThrow();
        assertEquals(1, vcpus.size());
        assertEquals(2, ((JAXBElement<?>) vcpus.get(0)).getValue());
        assertTrue(PropertyElements.select(document, new QName("urn:other", "Vcpus")).isEmpty(),
                "a name outside the contract's namespace is no property");
        assertTrue(PropertyElements.select(document, new QName(NS, "NoSuchProperty")).isEmpty());
        assertEquals(List.of(), PropertyElements.select(document, new QName(NS, "Node")).orElseThrow(),
                "Node is a property; unplaced, it has no value");
        assertEquals(1, PropertyElements.select(document, new QName(RL, "TerminationTime")).orElseThrow().size(),
                "the WS-ResourceLifetime properties are in their own namespace");
    }

    @Test
    void selectedPropertiesMarshalAsTheDocumentsOwnElements() throws Exception {
        WorkspaceProperties document = document();
        GetResourcePropertyResponse response = new GetResourcePropertyResponse();
        response.getAny().addAll(PropertyElements.select(document, new QName(NS, "State")).orElseThrow());
        response.getAny().addAll(PropertyElements.select(document, new QName(RL, "TerminationTime")).orElseThrow());
        StringWriter xml = new StringWriter();
        JAXBContext.newInstance(GetResourcePropertyResponse.class, WorkspaceProperties.class).createMarshaller()
                .marshal(response, xml);
        String text = xml.toString();
        assertTrue(text.matches("(?s).*<(\\w+:)?State( [^>]*)?>Running</(\\w+:)?State>.*"), text);
        assertTrue(text.contains(NS), text);
        assertTrue(text.matches("(?s).*<(\\w+:)?TerminationTime( [^>]*)?>2026-12-03T18:00:00Z</(\\w+:)?TerminationTime>.*"),
                text);
        assertTrue(text.contains(RL), text);
    }
}
