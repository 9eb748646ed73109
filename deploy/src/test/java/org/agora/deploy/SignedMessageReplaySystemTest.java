package org.agora.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.HttpsURLConnection;
import org.agora.contract.workspace.ListWorkspaces;
import org.agora.contract.workspace.WorkspaceService;
import org.agora.contract.workspace.WorkspaceStatus;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.transport.signing.MessageSigning;
import org.agora.transport.tls.SecureClients;
import org.apache.cxf.BusFactory;
import org.apache.cxf.ext.logging.LoggingOutInterceptor;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signed request captured on the wire and sent again is refused: the replay window holds. */
class SignedMessageReplaySystemTest {
    @TempDir
    Path dir;

    @Test
    void aCapturedSignedRequestCannotBeReplayed() throws Exception {
        String server = TestDatabases.serverUrls().findFirst().orElseThrow();
        AllInOne.Options options = new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", server, TestDatabases.freshName("agora_it"))
                .withServerSetting("agora.server.signed.endpoints", "WorkspaceStatus");
        try (AllInOne site = AllInOne.start(options)) {
            TlsMaterial tls = new TlsMaterial(GridCredential.fromProxyFile(site.credentials().userProxy()),
                    TrustAnchors.fromDirectory(site.credentials().certificatesDir()));
            String address = site.server().baseUrl() + "/WorkspaceStatus";
            AtomicReference<String> wire = new AtomicReference<>();

            var bus = BusFactory.newInstance().createBus();
            try {
                JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
                factory.setBus(bus);
                factory.setWsdlURL("classpath:wsdl/workspace.wsdl");
                factory.setServiceName(WorkspaceService.SERVICE);
                factory.setEndpointName(WorkspaceService.WorkspaceStatusPort);
                factory.setServiceClass(WorkspaceStatus.class);
                factory.setAddress(address);
                WorkspaceStatus port = SecureClients.configure(factory.create(WorkspaceStatus.class), address, tls);
                MessageSigning signing = new MessageSigning(tls);
                var client = ClientProxy.getClient(port);
                client.getOutInterceptors().add(signing.signer());
                client.getInInterceptors().add(signing.verifier());
                LoggingOutInterceptor capture = new LoggingOutInterceptor(event -> wire.set(event.getPayload()));
                capture.setLimit(1 << 20);
                client.getOutInterceptors().add(capture);

                assertNotNull(port.listWorkspaces(new ListWorkspaces()), "the signed request is served once");
            } finally {
                bus.shutdown(true);
            }
            assertTrue(wire.get() != null && wire.get().contains("Signature"), "captured: " + wire.get());

            HttpsURLConnection again = (HttpsURLConnection) URI.create(address).toURL().openConnection();
            again.setSSLSocketFactory(tls.sslContext().getSocketFactory());
            again.setDoOutput(true);
            again.setRequestMethod("POST");
            again.setRequestProperty("Content-Type", "text/xml; charset=UTF-8");
            again.setRequestProperty("SOAPAction", "\"\"");
            try (OutputStream out = again.getOutputStream()) {
                out.write(wire.get().getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(500, again.getResponseCode(), "a replay is a SOAP fault");
            String fault;
            try (InputStream in = again.getErrorStream()) {
                fault = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(fault.toLowerCase().contains("replay"), fault);
        }
    }
}
