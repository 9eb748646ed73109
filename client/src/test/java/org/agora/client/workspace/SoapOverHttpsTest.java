package org.agora.client.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLParameters;

import org.agora.contract.workspace.ListWorkspaces;
import org.agora.contract.workspace.ListWorkspacesResponse;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** The one-call SOAP path against a real HTTPS server with a client-certificate handshake. */
class SoapOverHttpsTest {
    private static final String ACTION = "http://agora-grid.org/namespaces/2026/11/workspace/WorkspaceStatus/ListWorkspacesRequest";

    @TempDir
    Path dir;
    private HttpsServer server;
    private TlsMaterial user;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> received = new AtomicReference<>();
    private volatile Answer answer;

    @FunctionalInterface
    private interface Answer {
        void to(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void startService() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Test CA", Duration.ofDays(1));
        ca.installInto(dir.resolve("certificates"));
        TrustAnchors anchors = TrustAnchors.fromDirectory(dir.resolve("certificates"));
        TlsMaterial host = new TlsMaterial(ca.issueHost("localhost", Duration.ofDays(1)), anchors);
        user = new TlsMaterial(ca.issueUser("Jane Doe", Duration.ofDays(1)), anchors);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(host.sslContext()) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters tls = getSSLContext().getDefaultSSLParameters();
                tls.setNeedClientAuth(true);
                parameters.setSSLParameters(tls);
            }
        });
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + "\nSOAPAction: " + exchange.getRequestHeaders().getFirst("SOAPAction"));
            answer.to(exchange);
        });
        server.start();
    }

    @AfterEach
    void stopService() {
        server.stop(0);
    }

    private String address() {
        return "https://localhost:" + server.getAddress().getPort() + "/agora/WorkspaceStatus";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void aPlainAnswerIsReadAndTheRequestCarriesTheAddressingHeadersAPortSends() throws Exception {
        answer = exchange -> send(exchange, 200, "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Header/><soap:Body><ws:ListWorkspacesResponse "
                + "xmlns:ws=\"http://agora-grid.org/namespaces/2026/11/workspace\"/></soap:Body></soap:Envelope>");
        Element key = javax.xml.parsers.DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().newDocument()
                .createElementNS(EndpointReferences.WORKSPACE_KEY.getNamespaceURI(), "ws:WorkspaceKey");
        key.setTextContent("key-1");
        var read = new SoapOverHttps(user).call(address(), ACTION, List.of(key), new ListWorkspaces(),
                ListWorkspacesResponse.class);
        assertTrue(read.isPresent());
        assertTrue(read.get().getWorkspace().isEmpty());
        String request = received.get();
        assertTrue(request.contains("SOAPAction: \"" + ACTION + "\""), request);
        assertTrue(request.contains(">" + ACTION + "</wsa:Action>"), request);
        assertTrue(request.contains(">" + address() + "</wsa:To>"), request);
        assertTrue(request.contains("<wsa:MessageID>urn:uuid:"), request);
        assertTrue(request.contains("http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo>"), request);
        assertTrue(request.contains("ListWorkspaces"), request);
        assertTrue(request.matches("(?s).*<ws:WorkspaceKey [^>]*wsa:IsReferenceParameter=\"true\"[^>]*>key-1</ws:WorkspaceKey>.*"),
                request);
    }

    @Test
    void aFaultIsLeftToThePortToReport() throws Exception {
        answer = exchange -> send(exchange, 500, "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>no</faultstring></soap:Fault>"
                + "</soap:Body></soap:Envelope>");
        assertTrue(new SoapOverHttps(user).call(address(), ACTION, List.of(), new ListWorkspaces(),
                ListWorkspacesResponse.class).isEmpty());
    }

    @Test
    void aServiceThatIsNotThereIsLeftToThePortToReport() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertTrue(new SoapOverHttps(user).call("https://localhost:" + closed + "/agora/WorkspaceStatus", ACTION,
                List.of(), new ListWorkspaces(), ListWorkspacesResponse.class).isEmpty());
    }

    @Test
    void anAnswerLostAfterSendingIsAnErrorAndTheRequestIsSentOnce() {
        answer = exchange -> exchange.close(); // the request read, the connection dropped without an answer
        assertThrows(IOException.class, () -> new SoapOverHttps(user).call(address(), ACTION, List.of(),
                new ListWorkspaces(), ListWorkspacesResponse.class));
        assertEquals(1, requests.get());
    }
}
