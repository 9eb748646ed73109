package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.workspace.CreateResponse;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.testing.RealPeer;
import org.agora.transport.client.ServiceCallException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proxies made by Debian's grid-proxy-init from the site's user certificate reach the running
 * service over TLS: full ones (RFC 3820 and legacy) may create workspaces, limited ones may only
 * look. Skipped, with the reason, where grid-proxy-init is missing; .ci/run installs it.
 */
class GridToolProxiesSystemTest {
    @TempDir
    static Path dir;
    static AllInOne site;

    @BeforeAll
    static void startSite() throws Exception {
        RealPeer.require("grid-proxy-init", Files.isExecutable(Path.of("/usr/bin/grid-proxy-init")),
                "Debian package globus-proxy-utils");
        String server = TestDatabases.serverUrls().findFirst().orElseThrow();
        site = AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", server, TestDatabases.freshName("agora_it")));
    }

    @AfterAll
    static void stopSite() {
        if (site != null) {
            site.close();
        }
    }

    private static GridCredential gridProxyInit(String flag) throws Exception {
        Path out = dir.resolve("proxy" + flag + ".pem");
        Process p = new ProcessBuilder("grid-proxy-init", "-cert", site.credentials().userCert().toString(), "-key",
                site.credentials().userKey().toString(), "-certdir", site.credentials().certificatesDir().toString(),
                "-out", out.toString(), "-hours", "1", flag).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
        return GridCredential.fromProxyFile(out);
    }

    private static WorkspaceClient client(GridCredential credential) throws Exception {
        return new WorkspaceClient(URI.create(site.server().baseUrl()),
                new TlsMaterial(credential, TrustAnchors.fromDirectory(site.credentials().certificatesDir())));
    }

    @ParameterizedTest(name = "grid-proxy-init {0}")
    @ValueSource(strings = {"-rfc", "-old"})
    void fullProxiesFromGridProxyInitCreateWorkspacesAsTheirUser(String flag) throws Exception {
        try (WorkspaceClient client = client(gridProxyInit(flag))) {
            CreateResponse created = client.create(new WorkspaceRequestBuilder().image("debian-12").memoryMiB(256)
                    .duration(Duration.ofHours(1)).build());
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> client.status(created.getWorkspaceReference()).getState() == WorkspaceStateType.RUNNING);
            assertEquals("/DC=org/DC=agora-demo/CN=Demo User",
                    client.status(created.getWorkspaceReference()).getOwner());
            client.destroy(created.getWorkspaceReference());
        }
    }

    @ParameterizedTest(name = "grid-proxy-init {0}, signed messages")
    @ValueSource(strings = {"-rfc", "-old"})
    void proxiesFromGridProxyInitSignMessagesTheServiceAccepts(String flag) throws Exception {
        GridCredential proxy = gridProxyInit(flag);
        String server = TestDatabases.serverUrls().findFirst().orElseThrow();
        AllInOne.Options signed = new AllInOne.Options(dir.resolve("signed-site"), FreePorts.next(), FreePorts.next(),
                "test:///default", server, TestDatabases.freshName("agora_it"))
                .withServerSetting("agora.server.signed.endpoints", "WorkspaceFactory,Workspace,WorkspaceStatus");
        // The same CA signs both sites' credentials: the signed site reuses the first site's directory.
        java.nio.file.Files.createDirectories(dir.resolve("signed-site"));
        for (String part : new String[] {"ca", "certificates", "host", "user"}) {
            copyTree(dir.resolve("site").resolve(part), dir.resolve("signed-site").resolve(part));
        }
        try (AllInOne signedSite = AllInOne.start(signed);
             WorkspaceClient client = new WorkspaceClient(URI.create(signedSite.server().baseUrl()),
                     new TlsMaterial(proxy, TrustAnchors.fromDirectory(site.credentials().certificatesDir())), true)) {
            CreateResponse created = client.create(new WorkspaceRequestBuilder().image("debian-12").memoryMiB(256)
                    .duration(Duration.ofHours(1)).build());
            assertEquals("/DC=org/DC=agora-demo/CN=Demo User",
                    client.status(created.getWorkspaceReference()).getOwner());
            client.destroy(created.getWorkspaceReference());
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        if (!Files.exists(from) || Files.exists(to)) {
            return;
        }
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void aPlainProxyFromVomsProxyInitCreatesWorkspaces() throws Exception {
        RealPeer.require("voms-proxy-init", Files.isExecutable(Path.of("/usr/bin/voms-proxy-init")),
                "Debian package voms-clients-java");
        Path out = dir.resolve("voms-proxy.pem");
        Process p = new ProcessBuilder("voms-proxy-init", "--cert", site.credentials().userCert().toString(), "--key",
                site.credentials().userKey().toString(), "--certdir", site.credentials().certificatesDir().toString(),
                "--out", out.toString(), "--valid", "1:00").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
        try (WorkspaceClient client = client(GridCredential.fromProxyFile(out))) {
            CreateResponse created = client.create(new WorkspaceRequestBuilder().image("debian-12").memoryMiB(256)
                    .duration(Duration.ofHours(1)).build());
            assertEquals("/DC=org/DC=agora-demo/CN=Demo User",
                    client.status(created.getWorkspaceReference()).getOwner());
            client.destroy(created.getWorkspaceReference());
        }
    }

    @Test
    void aLimitedProxyMayLookButNotCreate() throws Exception {
        try (WorkspaceClient client = client(gridProxyInit("-limited"))) {
            assertEquals(List.of(), client.list());
            ServiceCallException refused = assertThrows(ServiceCallException.class,
                    () -> client.create(new WorkspaceRequestBuilder().image("debian-12").memoryMiB(256)
                            .duration(Duration.ofHours(1)).build()));
            assertEquals("NotAuthorizedFault", refused.reason());
            assertTrue(refused.getMessage().contains("limited proxy"), refused.getMessage());
        }
    }
}
