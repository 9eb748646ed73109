package org.agora.bench;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.ws.wsaddressing.W3CEndpointReference;
import jakarta.xml.ws.wsaddressing.W3CEndpointReferenceBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLInputFactory;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.workspace.soap.ResourceReferences;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.w3c.dom.Element;

/**
 * One EPR made on the service and one read on the client: the contract's generated
 * EndpointReferenceType against the baseline of JAX-WS's W3CEndpointReference, whose constructor
 * builds a JAXBContext. The service's side is timed in the service's own EPR code,
 * {@link ResourceReferences}.
 *
 * <p>Run: {@code mvn -B -o -pl bench exec:exec@jmh -Djmh.args=EndpointReferenceBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EndpointReferenceBenchmark {
    private static final String ADDRESS = "https://site.example.org:8443/agora/Workspace";
    private static final String ID = "0b5c3f8e-6a0e-4d7e-9a57-3c1f2f0f6d21";
    /** A WorkspaceReference as a CreateResponse or a ListWorkspaces entry carries it. */
    private static final byte[] XML = ("<wsa:EndpointReference xmlns:wsa=\"http://www.w3.org/2005/08/addressing\">"
            + "<wsa:Address>" + ADDRESS + "</wsa:Address><wsa:ReferenceParameters>"
            + "<ws:WorkspaceKey xmlns:ws=\"" + ResourceReferences.NS + "\">" + ID + "</ws:WorkspaceKey>"
            + "</wsa:ReferenceParameters></wsa:EndpointReference>").getBytes(StandardCharsets.UTF_8);

    /**
     * Reads as CXF does, from a StAX reader of a factory made once (a StreamSource would have JAXB look
     * a SAX parser up on the class path per unmarshaller, which would swamp what is timed here).
     */
    XMLInputFactory stax;
    /** What the client's data binding knows of the EPR's parts: the addressing and workspace packages. */
    JAXBContext generated;
    /** A cached context for W3CEndpointReference: what JAX-WS's binding would hold. */
    JAXBContext w3c;

    @Setup
    public void setUp() throws Exception {
        generated = JAXBContext.newInstance(org.agora.contract.addressing.ObjectFactory.class,
                org.agora.contract.workspace.ObjectFactory.class);
        w3c = JAXBContext.newInstance(W3CEndpointReference.class);
        stax = XMLInputFactory.newFactory();
    }

    @Benchmark
    public EndpointReferenceType serviceBuildsGenerated() {
        return ResourceReferences.workspace(ADDRESS, ID);
    }

    /** The baseline on the service's side: the key as a DOM element, then the JAX-WS builder. */
    @Benchmark
    public W3CEndpointReference baselineServiceBuildsW3C() throws Exception {
        var doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().newDocument();
        Element key = doc.createElementNS(ResourceReferences.NS, "ws:WorkspaceKey");
        key.setTextContent(ID);
        return new W3CEndpointReferenceBuilder().address(ADDRESS).referenceParameter(key).build();
    }

    @Benchmark
    public EndpointReferenceType clientReadsGenerated() throws Exception {
        return generated.createUnmarshaller()
                .unmarshal(stax.createXMLStreamReader(new ByteArrayInputStream(XML)), EndpointReferenceType.class).getValue();
    }

    /** Unmarshalling instantiates the class, whose constructor builds a JAXBContext of its own. */
    @Benchmark
    public W3CEndpointReference baselineClientReadsW3C() throws Exception {
        return w3c.createUnmarshaller()
                .unmarshal(stax.createXMLStreamReader(new ByteArrayInputStream(XML)), W3CEndpointReference.class).getValue();
    }
}
