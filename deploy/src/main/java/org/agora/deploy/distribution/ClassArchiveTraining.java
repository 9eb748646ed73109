package org.agora.deploy.distribution;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLParameters;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.agora.client.cli.AgoraCommand;
import org.agora.client.cli.CliEnvironment;
import org.agora.client.handles.HandleStore;
import org.agora.client.workspace.EndpointReferences;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.addressing.ReferenceParametersType;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.CredentialLocator;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.w3c.dom.Element;

/**
 * The workload {@code bin/agora-class-archive} runs with {@code -XX:ArchiveClassesAtExit}: the
 * {@code agora} command's common calls, with throwaway credentials, against a stand-in service in
 * this JVM that refuses every request with a SOAP fault. Each call loads what a real one loads (the
 * command line, the proxy and CA directory, the request sent without CXF, the TLS handshake, then the
 * CXF port that reports the refusal: the contract's WSDL, the JAXB contexts), which is most of the
 * command's start-up; the archive spares later runs parsing and verifying those classes.
 */
public final class ClassArchiveTraining {
    private static final String[][] COMMANDS = {
        {"workspace", "create", "--image", "debian-12", "--vcpus", "1", "--memory", "512", "--hours", "1"},
        {"workspace", "status", "ws-001"},
        {"workspace", "list"},
        {"workspace", "destroy", "ws-001"},
        {"workspace", "--help"},
    };

    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        // Logging set up as in the command's own JVM, so that the archive holds what a call loads.
        System.setProperty(AgoraCommand.LOGGING, AgoraCommand.LOGGING_VALUE);
        Path dir = Files.createTempDirectory("agora-class-archive");
        try {
            DemoCredentials credentials = DemoCredentials.ensure(dir.resolve("credentials"));
            HttpsServer refusing = refusingService(credentials);
            String service = "https://localhost:" + refusing.getAddress().getPort() + "/agora";
            Path home = dir.resolve("home");
            Map<String, String> env = Map.of("X509_USER_PROXY", credentials.userProxy().toString(),
                    "X509_CERT_DIR", credentials.certificatesDir().toString(), "AGORA_SERVICE", service);
            HandleStore.forUser(env, home).remember(workspace(service));
            PrintWriter discard = new PrintWriter(Writer.nullWriter());
            CliEnvironment environment = new CliEnvironment(env, home, CredentialLocator.currentUid(), discard, discard);
            try {
                for (String[] command : COMMANDS) {
                    AgoraCommand.run(environment, command);
                }
            } finally {
                refusing.stop(0);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(ClassArchiveTraining::delete);
            }
        }
    }

    /**
     * A workspace's EPR as a create's answer gives it, with the workspace's key as a reference
     * parameter: reading that back from the handle file builds a DOM element, whose classes (the
     * JDK's XSLT factory among them) a real call loads too.
     */
    private static EndpointReferenceType workspace(String service) throws ParserConfigurationException {
        Element key = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument().createElementNS(
                EndpointReferences.WORKSPACE_KEY.getNamespaceURI(), EndpointReferences.WORKSPACE_KEY.getLocalPart());
        key.setTextContent("00000000-0000-0000-0000-000000000000");
        ReferenceParametersType parameters = new ReferenceParametersType();
        parameters.getAny().add(key);
        EndpointReferenceType epr = EndpointReferences.of(service + "/Workspace");
        epr.setReferenceParameters(parameters);
        return epr;
    }

    /**
     * An HTTPS server on a free port, with the demo host credential, asking for the caller's
     * certificate as a site does, and answering every request with a SOAP fault (so that nothing is
     * remembered as created).
     */
    private static HttpsServer refusingService(DemoCredentials credentials) throws IOException, CredentialException {
        TlsMaterial host = new TlsMaterial(GridCredential.fromCertificateAndKey(credentials.hostCert(),
                credentials.hostKey()), TrustAnchors.fromDirectory(credentials.certificatesDir()));
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(host.sslContext()) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters tls = getSSLContext().getDefaultSSLParameters();
                tls.setNeedClientAuth(true);
                parameters.setSSLParameters(tls);
            }
        });
        byte[] fault = ("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
                + "<faultcode>soap:Server</faultcode><faultstring>class archive training</faultstring></soap:Fault>"
                + "</soap:Body></soap:Envelope>").getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=UTF-8");
            exchange.sendResponseHeaders(500, fault.length);
            try (var out = exchange.getResponseBody()) {
                out.write(fault);
            }
        });
        server.start();
        return server;
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            System.err.println("agora-class-archive: cannot remove " + p + ": " + e.getMessage());
        }
    }
}
