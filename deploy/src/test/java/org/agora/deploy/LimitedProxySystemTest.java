package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.xml.namespace.QName;
import org.agora.client.bank.BankClient;
import org.agora.client.market.MarketClient;
import org.agora.client.workspace.EndpointReferences;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.market.BidType;
import org.agora.contract.node.DomainStateType;
import org.agora.contract.node.GetDomainState;
import org.agora.contract.workspace.WorkspaceProperties;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.contract.workspace.WorkspaceSummaryType;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.security.authz.ContractOperations;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.transport.client.ServiceCallException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A limited proxy "may look but not change", on every operation of every endpoint agora-server
 * publishes, over HTTPS with proxies made at test time from the site's user certificate: each
 * operation that changes state is refused with the fault its contract declares, naming the proxy
 * and asking for a full one, and afterwards the workspace, group, subscription, account, bid and
 * host are as they were; each operation that only reads is served. The same for RFC 3820, pre-RFC
 * draft and legacy Globus limited proxies. The calls are listed here with what the test expects of
 * each, independently of the server's table, and the list must cover every operation.
 */
class LimitedProxySystemTest {
    private static final String USER = "/DC=org/DC=agora-demo/CN=Demo User";
    private static final QName STATE = new QName(ContractOperations.WORKSPACE_NS, "State");

    @TempDir
    static Path dir;
    static AllInOne site;
    static TrustAnchors anchors;
    static GridCredential userCertificate;
    static WorkspaceClient full;
    static BankClient fullBank;
    static MarketClient fullMarket;
    static String node;
    static EndpointReferenceType workspace;
    static String workspaceId;
    static EndpointReferenceType group;
    static EndpointReferenceType subscription;

    @BeforeAll
    static void startSiteWithSomethingOfEachKind() throws Exception {
        int adapterPort = FreePorts.next();
        site = AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(), adapterPort,
                "test:///default", localServerOrEmbedded(), TestDatabases.freshName("agora_limited"))
                .withServerSetting("agora.bank.admins", USER)
                .withServerSetting("agora.admins", USER)
                .withServerSetting("agora.market.interval", "PT0.5S")
                // Listed for the whole run, however slowly a loaded machine heartbeats.
                .withServerSetting("agora.market.expiry", "PT10M"));
        anchors = TrustAnchors.fromDirectory(site.credentials().certificatesDir());
        userCertificate = GridCredential.fromCertificateAndKey(site.credentials().userCert(),
                site.credentials().userKey());
        TlsMaterial fullProxy = new TlsMaterial(GridCredential.fromProxyFile(site.credentials().userProxy()), anchors);
        URI base = URI.create(site.server().baseUrl());
        full = new WorkspaceClient(base, fullProxy);
        fullBank = new BankClient(base, fullProxy);
        fullMarket = new MarketClient(base, fullProxy);

        workspace = full.create(small().build()).getWorkspaceReference();
        workspaceId = EndpointReferences.workspaceId(workspace).orElseThrow();
        group = full.createGroup(small().name("pair").buildGroup(2)).getGroupReference();
        await().atMost(Duration.ofSeconds(30)).until(() -> full.status(workspace).getState()
                == WorkspaceStateType.RUNNING && full.groupStatus(group).getMember().stream()
                .allMatch(m -> m.getState() == WorkspaceStateType.RUNNING));
        subscription = full.subscribe(workspace, EndpointReferences.of("http://localhost:9/none"), null,
                Duration.ofHours(1)).getSubscriptionReference();

        node = "localhost:" + adapterPort;
        await().atMost(Duration.ofSeconds(10)).until(() -> fullMarket.hosts(null, null, null, null, null).stream()
                .anyMatch(h -> h.getHost().equals(node)));
        fullBank.mint("grant-1", USER, new BigDecimal("100"));
        fullMarket.place("b-full", node, new BigDecimal("10"), Instant.now().plus(Duration.ofHours(1)), null);
    }

    /** The MariaDB server on 127.0.0.1:3306 when one answers (as on CI), else the site's embedded one. */
    private static String localServerOrEmbedded() {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", 3306), 500);
            return TestDatabases.LOCAL_SERVER;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @AfterAll
    static void stopSite() {
        for (AutoCloseable c : new AutoCloseable[] {full, fullBank, fullMarket, site}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // Closing the rest matters more.
            }
        }
    }

    private static WorkspaceRequestBuilder small() {
        return new WorkspaceRequestBuilder().image("debian-12").vcpus(1).memoryMiB(256).diskMiB(64)
                .duration(Duration.ofHours(2));
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /** One operation as a limited proxy calls it, and whether it only reads. */
    private record Operation(boolean readsOnly, Call call) {
    }

    private static Operation reads(Call call) {
        return new Operation(true, call);
    }

    private static Operation changes(Call call) {
        return new Operation(false, call);
    }

    /** Every operation of every endpoint, keyed "PortType/Operation", called through the given clients. */
    private static Map<String, Operation> everyOperation(WorkspaceClient ws, BankClient bank, MarketClient market) {
        Instant later = Instant.now().plus(Duration.ofHours(3));
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("WorkspaceFactory/Create", changes(() -> ws.create(small().build())));
        ops.put("WorkspaceFactory/CreateGroup", changes(() -> ws.createGroup(small().buildGroup(1))));

        ops.put("Workspace/GetResourcePropertyDocument", reads(() -> assertEquals(workspaceId,
                ws.status(workspace).getWorkspaceId())));
        ops.put("Workspace/GetResourceProperty", reads(() -> assertEquals(WorkspaceStateType.RUNNING,
                ws.state(workspace))));
        ops.put("Workspace/GetMultipleResourceProperties", reads(() -> assertEquals(1,
                ws.properties(workspace, STATE).size())));
        ops.put("Workspace/QueryResourceProperties", reads(() -> assertEquals(1,
                ws.query(workspace, "/ws:WorkspaceProperties/ws:State").size())));
        ops.put("Workspace/GetConsole", reads(() -> assertNotNull(ws.console(workspace, 256))));
        ops.put("Workspace/Start", changes(() -> ws.start(workspace)));
        ops.put("Workspace/Shutdown", changes(() -> ws.shutdown(workspace)));
        ops.put("Workspace/Pause", changes(() -> ws.pause(workspace)));
        ops.put("Workspace/Reboot", changes(() -> ws.reboot(workspace)));
        ops.put("Workspace/ShutdownSave", changes(() -> ws.shutdownSave(workspace, "limited-save")));
        ops.put("Workspace/Destroy", changes(() -> ws.destroy(workspace)));
        ops.put("Workspace/SetTerminationTime", changes(() -> ws.setTerminationTime(workspace, later)));
        ops.put("Workspace/Subscribe", changes(() -> ws.subscribe(workspace,
                EndpointReferences.of("http://localhost:9/limited"), null, Duration.ofHours(1))));

        ops.put("SubscriptionManager/Renew", changes(() -> ws.renew(subscription, Duration.ofHours(2))));
        ops.put("SubscriptionManager/Unsubscribe", changes(() -> ws.unsubscribe(subscription)));

        ops.put("WorkspaceGroup/GetResourcePropertyDocument", reads(() -> assertEquals(2,
                ws.groupStatus(group).getMember().size())));
        for (String action : List.of("Start", "Shutdown", "Pause", "Reboot")) {
            ops.put("WorkspaceGroup/" + action, changes(() -> ws.groupAction(group, action.toLowerCase())));
        }
        ops.put("WorkspaceGroup/Destroy", changes(() -> ws.destroyGroup(group)));

        ops.put("WorkspaceStatus/ListWorkspaces", reads(() -> assertTrue(ws.list().stream()
                .anyMatch(w -> w.getWorkspaceId().equals(workspaceId)))));
        ops.put("WorkspaceStatus/GetUsage", reads(() -> assertNotNull(ws.usage())));
        ops.put("WorkspaceStatus/GetUsageRecords", reads(() -> assertNotNull(ws.usageRecords("ur", null, null))));

        ops.put("Bank/GetBalance", reads(() -> assertNotNull(bank.balance().getBalance())));
        ops.put("Bank/GetStatement", reads(() -> assertNotNull(bank.statement(Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(1))))));
        ops.put("Bank/GetBankCertificate", reads(() -> assertTrue(bank.bankCertificate()
                .contains("BEGIN CERTIFICATE"))));
        ops.put("Bank/Transfer", changes(() -> bank.transfer("limited-pay", "/DC=org/CN=Bob", BigDecimal.ONE, "")));
        ops.put("Bank/Mint", changes(() -> bank.mint("limited-mint", USER, BigDecimal.TEN)));

        ops.put("Market/ListHosts", reads(() -> assertTrue(market.hosts(null, null, null, null, null).stream()
                .anyMatch(h -> h.getHost().equals(node)))));
        ops.put("Market/GetBid", reads(() -> assertEquals("b-full", market.show("b-full").getBidId())));
        ops.put("Market/PlaceBid", changes(() -> market.place("b-limited", node, BigDecimal.ONE, later, null)));
        ops.put("Market/AdjustBid", changes(() -> market.adjust("b-full", later)));
        ops.put("Market/TopUpBid", changes(() -> market.topUp("b-full", "limited-topup", BigDecimal.ONE)));
        ops.put("Market/CancelBid", changes(() -> market.cancel("b-full")));
        ops.put("Market/RegisterHost", changes(() -> market.register(new MarketClient.HostDescription("elsewhere:1",
                "local", 1, 1024, null, "kvm", "x86_64", null, null, "https://elsewhere:1/agora-node"))));
        ops.put("Market/UnregisterHost", changes(() -> market.unregister(node)));
        return ops;
    }

    /** What a user would look at to see that nothing changed. */
    private record Snapshot(WorkspaceStateType state, String terminationTime, DomainStateType domain,
                            List<String> liveWorkspaces, List<String> groupStates, BigDecimal balance,
                            int statementLines, String bidState, BigDecimal escrowed, String bidWindowEnd,
                            List<String> listedHosts) {
    }

    private static Snapshot snapshot() throws Exception {
        WorkspaceProperties w = full.status(workspace);
        GetDomainState ask = new GetDomainState();
        ask.setWorkspaceId(workspaceId);
        BidType bid = fullMarket.show("b-full");
        return new Snapshot(w.getState(), String.valueOf(w.getTerminationTime().getValue()),
                site.adapter().adapter().endpoint().getDomainState(ask).getStatus().getState(),
                full.list().stream().map(WorkspaceSummaryType::getWorkspaceId).sorted().toList(),
                full.groupStatus(group).getMember().stream().map(m -> m.getState().value()).toList(),
                fullBank.balance().getBalance(),
                fullBank.statement(Instant.EPOCH, Instant.now().plus(Duration.ofDays(1))).getLine().size(),
                bid.getState(), bid.getEscrowed(), bid.getWindowEnd().toString(),
                fullMarket.hosts(null, null, null, null, null).stream().map(h -> h.getHost()).sorted().toList());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ProxyType.class, names = {"RFC3820_LIMITED", "DRAFT_LIMITED", "LEGACY_LIMITED"})
    void aLimitedProxyIsServedEveryReadAndRefusedEveryChange(ProxyType type) throws Exception {
        TlsMaterial limited = new TlsMaterial(ProxyFactory.createProxy(userCertificate, Duration.ofHours(1), type,
                2048), anchors);
        URI base = URI.create(site.server().baseUrl());
        Snapshot before = snapshot();
        List<String> wrong = new ArrayList<>();
        try (WorkspaceClient ws = new WorkspaceClient(base, limited); BankClient bank = new BankClient(base, limited);
             MarketClient market = new MarketClient(base, limited)) {
            Map<String, Operation> ops = everyOperation(ws, bank, market);
            assertEquals(everyOperationOfTheContracts(), new TreeSet<>(ops.keySet()),
                    "this test calls every operation the server publishes");
            for (Map.Entry<String, Operation> op : ops.entrySet()) {
                String problem = outcome(op.getKey(), op.getValue(), type);
                if (problem != null) {
                    wrong.add(problem);
                }
            }
        }
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " operations went wrong for a " + type.description() + ":\n  "
                    + String.join("\n  ", wrong));
        }
        assertEquals(before, snapshot(), "nothing changed");
        // The subscription is still there: its manager renews it for the full proxy.
        assertNotNull(full.renew(subscription, Duration.ofHours(1)));
    }

    /** Null when the operation did what it should for a limited proxy of {@code type}, else why not. */
    private static String outcome(String name, Operation op, ProxyType type) {
        try {
            op.call().run();
            return op.readsOnly() ? null : name + " was served";
        } catch (Exception | AssertionError e) {
            if (op.readsOnly()) {
                return name + " was refused: " + e;
            }
            String kind = kindOf(e);
            String expected = name.startsWith("Bank/") || name.startsWith("Market/") ? "NotAuthorized"
                    : "NotAuthorizedFault";
            String m = String.valueOf(e.getMessage());
            if (!expected.equals(kind) || !m.contains("limited proxy") || !m.contains(type.description())
                    || !m.contains(USER) || !m.contains("use a full proxy")) {
                return name + " failed otherwise (" + kind + "): " + m;
            }
            return null;
        }
    }

    private static String kindOf(Throwable e) {
        if (e instanceof ServiceCallException refused) {
            return refused.reason();
        }
        return e.getClass().getSimpleName();
    }

    private static Set<String> everyOperationOfTheContracts() {
        Set<String> all = new TreeSet<>();
        for (QName portType : ContractOperations.AGORA.portTypes()) {
            for (String op : ContractOperations.AGORA.portType(portType).orElseThrow().all()) {
                all.add(portType.getLocalPart() + "/" + op);
            }
        }
        return all;
    }

    /** What a user sees: with a limited proxy, extend, pause and destroy fail with the reason; status works. */
    @Test
    void theAgoraCommandWithALimitedProxyLooksButDoesNotChange() throws Exception {
        AgoraCli cli = new AgoraCli(site, dir.resolve("cli-home"));
        AgoraCli.Run created = cli.run("workspace", "create", "--image", "debian-12", "--memory", "256", "--hours", "1",
                "--wait");
        assertEquals(0, created.exit(), created.err());
        String handle = created.out().split("\\s+")[0];
        Path limitedProxy = dir.resolve("limited-proxy.pem");
        ProxyFactory.createProxy(userCertificate, Duration.ofHours(1), ProxyType.RFC3820_LIMITED, 2048)
                .writeProxyFile(limitedProxy);
        String before = cli.run("workspace", "status", handle).out();
        for (String[] change : List.of(new String[] {"extend", handle, "--hours", "2"}, new String[] {"pause", handle},
                new String[] {"destroy", handle})) {
            List<String> args = new ArrayList<>(List.of("workspace"));
            args.addAll(List.of(change));
            args.addAll(List.of("--proxy", limitedProxy.toString()));
            AgoraCli.Run refused = cli.run(args.toArray(String[]::new));
            assertEquals(1, refused.exit(), change[0] + ": " + refused.out());
            assertTrue(refused.err().contains("a limited proxy may look but not change")
                    && refused.err().contains("use a full proxy"), change[0] + ": " + refused.err());
        }
        AgoraCli.Run looked = cli.run("workspace", "status", handle, "--proxy", limitedProxy.toString());
        assertEquals(0, looked.exit(), looked.err());
        assertEquals(before, cli.run("workspace", "status", handle).out(), "the workspace is as it was");
        assertEquals(0, cli.run("workspace", "destroy", handle).exit(), "a full proxy still may");
    }

    /**
     * On the wire, a refusal is a soap:Client fault whose detail is the contract's
     * NotAuthorizedFault (a WSRF BaseFault), not a server error.
     */
    @Test
    void onTheWireARefusalIsAClientFaultWithTheDeclaredDetail() throws Exception {
        // A workspace of its own, so that the other tests keep theirs whatever happens here.
        EndpointReferenceType own = full.create(small().build()).getWorkspaceReference();
        String ownId = EndpointReferences.workspaceId(own).orElseThrow();
        TlsMaterial limited = new TlsMaterial(ProxyFactory.createProxy(userCertificate, Duration.ofHours(1),
                ProxyType.RFC3820_LIMITED, 2048), anchors);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(limited.keyManagers(), limited.trustManagers(), null);
        HttpsURLConnection c = (HttpsURLConnection) new URL(site.server().baseUrl() + "/Workspace").openConnection();
        c.setSSLSocketFactory(tls.getSocketFactory());
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "text/xml; charset=UTF-8");
        c.setRequestProperty("SOAPAction",
                "\"http://docs.oasis-open.org/wsrf/rlw-2/ImmediateResourceTermination/DestroyRequest\"");
        String envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header>"
                + "<ws:WorkspaceKey xmlns:ws=\"" + ContractOperations.WORKSPACE_NS + "\">" + ownId
                + "</ws:WorkspaceKey></soap:Header><soap:Body>"
                + "<rl:Destroy xmlns:rl=\"http://docs.oasis-open.org/wsrf/rl-2\"/></soap:Body></soap:Envelope>";
        c.getOutputStream().write(envelope.getBytes(StandardCharsets.UTF_8));
        assertEquals(500, c.getResponseCode());
        String answer;
        try (InputStream in = c.getErrorStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            answer = out.toString(StandardCharsets.UTF_8);
        }
        assertTrue(answer.matches("(?s).*<faultcode>[^<]*:Client</faultcode>.*"), answer);
        assertTrue(answer.contains("NotAuthorizedFault") && answer.contains(">NotAuthorized</")
                && answer.contains("a limited proxy may look but not change"), answer);
        assertNotNull(full.status(own).getState(), "the workspace is still there");
        full.destroy(own);
    }
}
