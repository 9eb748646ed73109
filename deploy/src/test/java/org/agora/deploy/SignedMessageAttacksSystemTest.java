package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.workspace.CreateResponse;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.apache.wss4j.common.WSEncryptionPart;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.message.WSSecHeader;
import org.apache.wss4j.dom.message.WSSecSignature;
import org.apache.wss4j.dom.message.WSSecTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * The classic attacks on signed SOAP, each as a real WS-Security message (WSS4J over DOM) sent over
 * HTTPS to a running service whose Workspace port demands signatures: a signed Body moved under an
 * unsigned wrapper, one identity's signature sent over another's TLS connection, and a signature
 * over a stale timestamp. Each is refused and the workspace it aimed at keeps running; the same
 * message built honestly is served, so the refusals are the attacks' and not the builder's.
 */
class SignedMessageAttacksSystemTest {
    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String WS = "http://agora-grid.org/namespaces/2026/11/workspace";
    private static final String DESTROY_ACTION =
            "http://docs.oasis-open.org/wsrf/rlw-2/ImmediateResourceTermination/DestroyRequest";
    private static final String DESTROY = "<rl:Destroy xmlns:rl=\"http://docs.oasis-open.org/wsrf/rl-2\"/>";
    private static final String GET_DOCUMENT =
            "<rp:GetResourcePropertyDocument xmlns:rp=\"http://docs.oasis-open.org/wsrf/rp-2\"/>";

    @TempDir
    Path dir;

    @Test
    void wrappingUnsignedBodiesMixedIdentitiesAndStaleTimestampsAreRefusedAndChangeNothing() throws Exception {
        WSSConfig.init();
        String server = TestDatabases.serverUrls().findFirst().orElseThrow();
        AllInOne.Options options = new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", server, TestDatabases.freshName("agora_it"))
                .withServerSetting("agora.server.signed.endpoints", "WorkspaceFactory,Workspace");
        try (AllInOne site = AllInOne.start(options)) {
            TrustAnchors anchors = TrustAnchors.fromDirectory(site.credentials().certificatesDir());
            GridCredential jane = GridCredential.fromProxyFile(site.credentials().userProxy());
            CertificateAuthority ca = CertificateAuthority.load(dir.resolve("site/ca/cacert.pem"),
                    dir.resolve("site/ca/cakey.pem"));
            GridCredential eve = ProxyFactory.createProxy(ca.issueUser("Eve", Duration.ofDays(1)), Duration.ofHours(1),
                    ProxyType.RFC3820_IMPERSONATION, 2048);
            SSLContext janeTls = new TlsMaterial(jane, anchors).sslContext();
            SSLContext eveTls = new TlsMaterial(eve, anchors).sslContext();
            URI workspace = URI.create(site.server().baseUrl() + "/Workspace");

            try (WorkspaceClient owner = new WorkspaceClient(URI.create(site.server().baseUrl()),
                    new TlsMaterial(jane, anchors), true)) {
                CreateResponse created = owner.create(new WorkspaceRequestBuilder().image("debian-12").vcpus(1)
                        .memoryMiB(256).duration(Duration.ofHours(1)).build());
                EndpointReferenceType epr = created.getWorkspaceReference();
                String key = created.getWorkspaceId();
                await().atMost(Duration.ofSeconds(30)).until(() -> owner.state(epr) == WorkspaceStateType.RUNNING);

                // Wrapping: Jane's signed, harmless Body moves under an unsigned wrapper; a Destroy takes its place.
                Element destroy = parse(DESTROY).getDocumentElement();
                // (a) The wrapper in the Header: the service reads the signed Body, never the Destroy.
                refused(janeTls, workspace, signed(jane, key, GET_DOCUMENT, Instant.now(),
                        document -> wrap(document, destroy, true)), "GetResourcePropertyDocument");
                // (b) The wrapper after the new Body: the signature's reference no longer resolves.
                refused(janeTls, workspace, signed(jane, key, GET_DOCUMENT, Instant.now(),
                        document -> wrap(document, destroy, false)), "Cannot resolve element with ID");
                assertEquals(WorkspaceStateType.RUNNING, owner.state(epr), "after the wrapping attack");

                // Jane's signature over the Timestamp alone: the Destroy in the Body was never signed.
                refused(janeTls, workspace, signed(jane, key, DESTROY, Instant.now(), false, d -> { }),
                        "the SOAP Body is not covered by the message signature");
                assertEquals(WorkspaceStateType.RUNNING, owner.state(epr), "after an unsigned Body");

                // Jane's signature (a message captured before it reached the service) over Eve's connection.
                refused(eveTls, workspace, signed(jane, key, DESTROY, Instant.now(), d -> { }),
                        "the message is signed by /DC=org/DC=agora-demo/CN=Demo User but the TLS connection "
                                + "presents the certificate of /DC=org/DC=agora-demo/CN=Eve");
                // And Eve's signature over Jane's connection.
                refused(janeTls, workspace, signed(eve, key, DESTROY, Instant.now(), d -> { }),
                        "the message is signed by /DC=org/DC=agora-demo/CN=Eve but the TLS connection");
                assertEquals(WorkspaceStateType.RUNNING, owner.state(epr), "after mixing identities");

                // Jane's own signature and connection, over a timestamp made ten minutes ago.
                refused(janeTls, workspace, signed(jane, key, DESTROY, Instant.now().minus(Duration.ofMinutes(10)),
                        d -> { }), "expired");
                assertEquals(WorkspaceStateType.RUNNING, owner.state(epr), "after the stale timestamp");

                OneConnectionSoap.Exchange honest = OneConnectionSoap.post(janeTls, workspace, DESTROY_ACTION,
                        signed(jane, key, DESTROY, Instant.now(), d -> { }));
                assertEquals(200, honest.status(), "the same builder's honest message is served: " + honest.response());
            }
        }
    }

    /** Moves the signed Body into a new element and puts an unsigned Body holding {@code replacement} in its place. */
    private static void wrap(Document document, Element replacement, boolean wrapperInHeader) {
        Element envelope = document.getDocumentElement();
        Element body = (Element) document.getElementsByTagNameNS(SOAP, "Body").item(0);
        Element wrapper = document.createElementNS("urn:example:attack", "x:Wrapper");
        wrapper.appendChild(envelope.removeChild(body));
        Element unsigned = document.createElementNS(SOAP, "soap:Body");
        unsigned.appendChild(document.importNode(replacement, true));
        envelope.appendChild(unsigned);
        if (wrapperInHeader) {
            document.getElementsByTagNameNS(SOAP, "Header").item(0).appendChild(wrapper);
        } else {
            envelope.appendChild(wrapper);
        }
    }

    private static void refused(SSLContext tls, URI url, String message, String expected) throws Exception {
        OneConnectionSoap.Exchange answer = OneConnectionSoap.post(tls, url, DESTROY_ACTION, message);
        assertEquals(500, answer.status(), answer.response());
        assertTrue(answer.response().contains("Fault") && answer.response().contains(expected),
                "expected a fault saying '" + expected + "': " + answer.response());
    }

    /**
     * An envelope addressed to workspace {@code key} with {@code body}, signed as Agora's clients sign
     * (Timestamp and Body, RSA-SHA256, the whole chain as a PKIPath token) by {@code signer}, with
     * its timestamp made at {@code stampedAt}; {@code tamper} then edits the signed document.
     */
    private static String signed(GridCredential signer, String key, String body, Instant stampedAt,
                                 Consumer<Document> tamper) throws Exception {
        return signed(signer, key, body, stampedAt, true, tamper);
    }

    /** As above; with {@code bodySigned} false the signature covers the Timestamp only. */
    private static String signed(GridCredential signer, String key, String body, Instant stampedAt,
                                 boolean bodySigned, Consumer<Document> tamper) throws Exception {
        Document document = parse(OneConnectionSoap.envelope("<ws:WorkspaceKey xmlns:ws=\"" + WS + "\">" + key
                + "</ws:WorkspaceKey>", body));
        WSSecHeader security = new WSSecHeader(document);
        security.insertSecurityHeader();
        WSSecTimestamp timestamp = new WSSecTimestamp(security);
        timestamp.setWsTimeSource(() -> stampedAt);
        timestamp.setTimeToLive(300);
        timestamp.build();

        char[] password = "signing".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("signer", signer.privateKey(), password, signer.chain());
        Merlin crypto = new Merlin();
        crypto.setKeyStore(keys);
        WSSecSignature signature = new WSSecSignature(security);
        signature.setUserInfo("signer", new String(password));
        signature.setKeyIdentifierType(WSConstants.BST_DIRECT_REFERENCE);
        signature.setUseSingleCertificate(false);
        signature.setSignatureAlgorithm("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        signature.setDigestAlgo("http://www.w3.org/2001/04/xmlenc#sha256");
        signature.getParts().add(new WSEncryptionPart("Timestamp", WSConstants.WSU_NS, "Element"));
        if (bodySigned) {
            signature.getParts().add(new WSEncryptionPart("Body", SOAP, "Element"));
        }
        signature.build(crypto);

        tamper.accept(document);
        StringWriter out = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
        return out.toString();
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }
}
