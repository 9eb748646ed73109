package org.agora.deploy.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import org.agora.adapter.AdapterSettings;
import org.agora.adapter.AdapterStartException;
import org.agora.adapter.hypervisor.DomainState;
import org.agora.config.ConfigurationException;
import org.agora.config.Settings;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DescribeNode;
import org.agora.contract.node.DestroyWorkspace;
import org.agora.contract.node.DomainSpecType;
import org.agora.contract.node.DomainStateType;
import org.agora.contract.node.Node;
import org.agora.contract.node.NodeFault;
import org.agora.contract.node.NodeService;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.transport.endpoint.AllowedCallers;
import org.agora.transport.endpoint.SecureBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node contract bypasses admission, limits, the market and accounting, so a running adapter
 * obeys only the service DNs it is given, never a proxy, and does not start without them.
 */
class NodeCallersSystemTest {
    private static final String USER_DN = "/DC=org/DC=agora-demo/CN=Demo User";

    @TempDir
    Path dir;
    private DemoCredentials credentials;
    private GridCredential host;
    private GridCredential user;

    @BeforeEach
    void credentials() throws Exception {
        credentials = DemoCredentials.ensure(dir.resolve("credentials"));
        host = GridCredential.fromCertificateAndKey(credentials.hostCert(), credentials.hostKey());
        user = GridCredential.fromCertificateAndKey(credentials.userCert(), credentials.userKey());
        assertEquals(USER_DN, user.identity().dn());
    }

    private Map<String, String> adapterValues(int port) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(AdapterSettings.LIBVIRT_URI.key(), "test:///default");
        values.put(AdapterSettings.LISTEN_HOST.key(), "localhost");
        values.put(AdapterSettings.PORT.key(), Integer.toString(port));
        values.put(AdapterSettings.STORAGE_DIR.key(), dir.resolve("storage").toString());
        values.put(AdapterSettings.HOST_CERT.key(), credentials.hostCert().toString());
        values.put(AdapterSettings.HOST_KEY.key(), credentials.hostKey().toString());
        values.put(AdapterSettings.CERTIFICATES_DIR.key(), credentials.certificatesDir().toString());
        return values;
    }

    private static DeployWorkspace deploy(String id) {
        DomainSpecType spec = new DomainSpecType();
        spec.setWorkspaceId(id);
        spec.setName("bypass");
        spec.setOwner(USER_DN);
        spec.setImage("debian-12");
        spec.setVcpus(1);
        spec.setMemoryMiB(256);
        spec.setDiskMiB(16);
        DeployWorkspace d = new DeployWorkspace();
        d.setSpec(spec);
        return d;
    }

    private SecureBus busOf(GridCredential caller) throws Exception {
        return new SecureBus(new TlsMaterial(caller, TrustAnchors.fromDirectory(credentials.certificatesDir())));
    }

    private static Node node(SecureBus bus, AdapterProcess adapter) {
        return bus.secureClient(new NodeService().getNodePort(), adapter.url());
    }

    /** The refusal a caller gets: a typed NodeFault saying who may call, and no domain or disk made. */
    private static void refusedAndNothingDone(AdapterProcess adapter, Node caller, String expected) throws Exception {
        String id = UUID.randomUUID().toString();
        NodeFault refused = assertThrows(NodeFault.class, () -> caller.deployWorkspace(deploy(id)));
        assertEquals(AllowedCallers.REFUSED, refused.getFaultInfo().getReason());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertEquals(DomainState.ABSENT, adapter.adapter().hypervisor().status(id).state(), "no domain was defined");
        assertFalse(adapter.adapter().storage().leftovers().contains(id), "no disk was made");
        assertThrows(NodeFault.class, () -> caller.describeNode(new DescribeNode()), "not even a read is answered");
    }

    @Test
    void aUsersProxyAndAnUnlistedUserCertificateAreRefusedAndTheServiceIsServed() throws Exception {
        Map<String, String> values = adapterValues(FreePorts.next());
        values.put(AdapterSettings.SERVICE_DNS.key(), host.identity().dn());
        GridCredential proxy = ProxyFactory.createProxy(user, Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION,
                2048);
        try (AdapterProcess adapter = AdapterProcess.start(AdapterSettings.SCHEMA.fromMap("test", values));
             SecureBus service = busOf(host); SecureBus userBus = busOf(user); SecureBus proxyBus = busOf(proxy)) {
            refusedAndNothingDone(adapter, node(proxyBus, adapter), "a proxy certificate of " + USER_DN);
            refusedAndNothingDone(adapter, node(userBus, adapter), USER_DN + " may not call this node; "
                    + AdapterSettings.SERVICE_DNS.key() + " allows only [" + host.identity().dn() + "]");

            String fault = rawDescribeNode(adapter, new TlsMaterial(proxy,
                    TrustAnchors.fromDirectory(credentials.certificatesDir())));
            assertTrue(fault.contains(":Client</faultcode>") && fault.contains(AllowedCallers.REFUSED), fault);

            String id = UUID.randomUUID().toString();
            Node node = node(service, adapter);
            assertEquals(DomainStateType.RUNNING, node.deployWorkspace(deploy(id)).getStatus().getState(),
                    "the listed service is obeyed");
            DestroyWorkspace destroy = new DestroyWorkspace();
            destroy.setWorkspaceId(id);
            node.destroyWorkspace(destroy);
        }
    }

    @Test
    void aProxyIsRefusedEvenWhenItsUsersDnIsListed() throws Exception {
        Map<String, String> values = adapterValues(FreePorts.next());
        values.put(AdapterSettings.SERVICE_DNS.key(), host.identity().dn() + "; " + USER_DN);
        GridCredential proxy = ProxyFactory.createProxy(user, Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION,
                2048);
        GridCredential legacy = ProxyFactory.createProxy(user, Duration.ofHours(1), ProxyType.LEGACY_FULL, 2048);
        try (AdapterProcess adapter = AdapterProcess.start(AdapterSettings.SCHEMA.fromMap("test", values));
             SecureBus proxyBus = busOf(proxy); SecureBus legacyBus = busOf(legacy)) {
            refusedAndNothingDone(adapter, node(proxyBus, adapter), "RFC 3820 compliant impersonation proxy");
            refusedAndNothingDone(adapter, node(legacyBus, adapter), "full legacy globus proxy");
        }
    }

    @Test
    void withoutServiceDnsTheAdapterRefusesToStartNamingTheSetting() throws Exception {
        int port = FreePorts.next();
        ConfigurationException unset = assertThrows(ConfigurationException.class,
                () -> AdapterSettings.SCHEMA.fromMap("test", adapterValues(port)));
        assertTrue(unset.getMessage().contains(AdapterSettings.SERVICE_DNS.key() + " is required"), unset.getMessage());

        Map<String, String> noDn = adapterValues(port);
        noDn.put(AdapterSettings.SERVICE_DNS.key(), " ; ");
        Settings settings = AdapterSettings.SCHEMA.fromMap("test", noDn);
        AdapterStartException refused = assertThrows(AdapterStartException.class, () -> AdapterProcess.start(settings));
        assertTrue(refused.getMessage().startsWith(AdapterSettings.SERVICE_DNS.key() + " is not set"),
                refused.getMessage());
        assertFalse(listening(port), "nothing was published");

        Map<String, String> notADn = adapterValues(port);
        notADn.put(AdapterSettings.SERVICE_DNS.key(), "CN=host/agora.example.org");
        ConfigurationException wrong = assertThrows(ConfigurationException.class,
                () -> AdapterSettings.SCHEMA.fromMap("test", notADn));
        assertTrue(wrong.getMessage().contains("'CN=host/agora.example.org' is not a grid DN in slash form"),
                wrong.getMessage());
    }

    @Test
    void theAdapterCommandExitsNamingTheSettingWhenTheFileHasNoServiceDns() throws Exception {
        int port = FreePorts.next();
        Path config = dir.resolve("agora-adapter.properties");
        StringBuilder text = new StringBuilder();
        adapterValues(port).forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(config, text, StandardCharsets.UTF_8);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process adapter = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AdapterCommand.class.getName(), "--config", config.toString()).redirectErrorStream(true).start();
        String output = new String(adapter.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(adapter.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(1, adapter.exitValue(), output);
        assertTrue(output.contains("agora-adapter: " + config + ": " + AdapterSettings.SERVICE_DNS.key()
                + " is required"), output);
        assertFalse(listening(port), "nothing was published");
    }

    /** The answer to a DescribeNode posted by hand, as another SOAP stack would see it. */
    private static String rawDescribeNode(AdapterProcess adapter, TlsMaterial tls) throws IOException {
        HttpsURLConnection post = (HttpsURLConnection) URI.create(adapter.url()).toURL().openConnection();
        post.setSSLSocketFactory(tls.sslContext().getSocketFactory());
        post.setDoOutput(true);
        post.setRequestMethod("POST");
        post.setRequestProperty("Content-Type", "text/xml; charset=UTF-8");
        post.setRequestProperty("SOAPAction", "\"\"");
        try (OutputStream out = post.getOutputStream()) {
            out.write(("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                    + "<DescribeNode xmlns=\"" + NodeService.SERVICE.getNamespaceURI() + "\"/></soap:Body>"
                    + "</soap:Envelope>").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(500, post.getResponseCode(), "a SOAP fault");
        try (InputStream in = post.getErrorStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
