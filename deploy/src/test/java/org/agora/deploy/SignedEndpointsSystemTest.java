package org.agora.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.agora.client.bank.BankClient;
import org.agora.client.market.MarketClient;
import org.agora.client.workspace.EndpointReferences;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.workspace.CreateGroupResponse;
import org.agora.contract.workspace.CreateResponse;
import org.agora.contract.wsn.SubscribeResponse;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.deploy.server.ServerSettings;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agora.server.signed.endpoints = all}: every endpoint the server publishes refuses an
 * unsigned call, leaving nothing changed, and serves a signed one.
 */
class SignedEndpointsSystemTest {
    @TempDir
    Path dir;

    private final Set<String> checked = new TreeSet<>();

    /**
     * The unsigned call fails on the missing signature, before the service acts on it, and the
     * client says so in the user's terms.
     */
    private void refusedUnsigned(String endpoint, Executable unsigned) {
        Exception refused = assertThrows(Exception.class, unsigned, endpoint + " served an unsigned call");
        assertTrue(String.valueOf(refused.getMessage()).contains("requires signed messages: use --sign"),
                endpoint + ": " + refused.getMessage());
        checked.add(endpoint);
    }

    private static WorkspaceRequestBuilder small() {
        return new WorkspaceRequestBuilder().image("debian-12").vcpus(1).memoryMiB(64).duration(Duration.ofHours(1));
    }

    @Test
    void withAllNoEndpointTakesAnUnsignedCall() throws Exception {
        String database = Databases.quickest();
        AllInOne.Options options = new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", database, TestDatabases.freshName("agora_it"))
                .withServerSetting(ServerSettings.SIGNED_ENDPOINTS.key(), ServerSettings.ALL_ENDPOINTS);
        try (AllInOne site = AllInOne.start(options)) {
            URI base = URI.create(site.server().baseUrl());
            TlsMaterial tls = new TlsMaterial(GridCredential.fromProxyFile(site.credentials().userProxy()),
                    TrustAnchors.fromDirectory(site.credentials().certificatesDir()));
            try (WorkspaceClient signed = new WorkspaceClient(base, tls, true);
                 WorkspaceClient plain = new WorkspaceClient(base, tls, false)) {
                refusedUnsigned("WorkspaceFactory", () -> plain.create(small().build()));
                CreateResponse created = signed.create(small().build());
                refusedUnsigned("WorkspaceStatus", plain::list);
                assertEquals(1, signed.list().size(), "the unsigned create made nothing");

                var workspace = created.getWorkspaceReference();
                refusedUnsigned("Workspace", () -> plain.destroy(workspace));
                assertEquals(created.getWorkspaceId(), signed.status(workspace).getWorkspaceId(),
                        "the unsigned destroy left it");

                CreateGroupResponse group = signed.createGroup(small().buildGroup(2));
                refusedUnsigned("WorkspaceGroup", () -> plain.destroyGroup(group.getGroupReference()));
                assertEquals(2, signed.groupStatus(group.getGroupReference()).getMember().size(),
                        "the unsigned group destroy left its members");

                SubscribeResponse subscription = signed.subscribe(workspace,
                        EndpointReferences.of("http://localhost:9/none"), "WorkspaceTermination", Duration.ofHours(1));
                refusedUnsigned("SubscriptionManager",
                        () -> plain.unsubscribe(subscription.getSubscriptionReference()));
                assertNotNull(signed.renew(subscription.getSubscriptionReference(), Duration.ofHours(2)),
                        "the unsigned unsubscribe left it");
            }
            try (BankClient signed = new BankClient(base, tls, true); BankClient plain = new BankClient(base, tls)) {
                refusedUnsigned("Bank", plain::balance);
                assertNotNull(signed.balance());
            }
            try (MarketClient signed = new MarketClient(base, tls, true);
                 MarketClient plain = new MarketClient(base, tls)) {
                refusedUnsigned("Market", () -> plain.hosts(null, null, null, null, null));
                assertNotNull(signed.hosts(null, null, null, null, null));
            }
        }
        assertEquals(new TreeSet<>(ServerSettings.ENDPOINTS), checked, "every endpoint the server publishes");
    }
}
