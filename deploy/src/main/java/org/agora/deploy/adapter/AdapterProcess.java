package org.agora.deploy.adapter;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import org.agora.adapter.AdapterSettings;
import org.agora.adapter.AdapterStartException;
import org.agora.adapter.SiteAdapter;
import org.agora.config.Settings;
import org.agora.contract.faults.BaseFaults;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.GridCredential;
import org.agora.security.credential.HostCredentials;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.transport.endpoint.AllowedCallers;
import org.agora.transport.endpoint.RefusedRequests;
import org.agora.transport.endpoint.SecureBus;
import org.agora.transport.endpoint.UndeliveredAnswers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running site adapter: libvirt, storage and the node endpoint on its HTTPS port. */
public final class AdapterProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdapterProcess.class);

    /** Path of the node service under the adapter's port. */
    public static final String PATH = "/agora-node/Node";

    private final SiteAdapter adapter;
    private final SecureBus bus;
    private final String url;

    private AdapterProcess(SiteAdapter adapter, SecureBus bus, String url) {
        this.adapter = adapter;
        this.bus = bus;
        this.url = url;
    }

    public static AdapterProcess start(Settings settings)
            throws CredentialException, IOException, AdapterStartException {
        // Before anything is opened: a node nobody may call is refused, not one everybody may.
        AllowedCallers callers = allowedCallers(settings);
        GridCredential host = HostCredentials.load(settings.get(AdapterSettings.HOST_CERT),
                settings.get(AdapterSettings.HOST_KEY));
        TrustAnchors anchors = TrustAnchors.fromDirectory(settings.get(AdapterSettings.CERTIFICATES_DIR));
        SiteAdapter adapter = SiteAdapter.open(settings);
        SecureBus bus = new SecureBus(new TlsMaterial(host, anchors));
        try {
            String url = "https://" + settings.get(AdapterSettings.LISTEN_HOST) + ":"
                    + settings.get(AdapterSettings.PORT) + PATH;
            org.apache.cxf.jaxws.EndpointImpl node = bus.publish(url, adapter.endpoint(), List.of(callers));
            UndeliveredAnswers.installOn(node);
            RefusedRequests.install(node.getServer().getEndpoint(), new BaseFaults());
            LOG.info("event=adapter.started url={} libvirt={} identity=\"{}\" callers=\"{}\"", url,
                    settings.get(AdapterSettings.LIBVIRT_URI), host.identity().dn(),
                    String.join(";", AdapterSettings.serviceDns(settings)));
            return new AdapterProcess(adapter, bus, url);
        } catch (RuntimeException e) {
            bus.close();
            adapter.close();
            throw e;
        }
    }

    private static AllowedCallers allowedCallers(Settings settings) throws AdapterStartException {
        List<String> dns = AdapterSettings.serviceDns(settings);
        if (dns.isEmpty()) {
            throw new AdapterStartException(AdapterSettings.SERVICE_DNS.key() + " is not set: name the workspace "
                    + "service's host DN (the subject of its agora.server.host.cert), e.g. "
                    + "/DC=org/DC=example/CN=host/agora.example.org; the node admits no other caller", null);
        }
        return new AllowedCallers(new HashSet<>(dns), AdapterSettings.SERVICE_DNS.key());
    }

    /** The node service URL the workspace service is configured with. */
    public String url() {
        return url;
    }

    public SiteAdapter adapter() {
        return adapter;
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** Stops the node endpoint and the libvirt connection; closing twice is harmless. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // First: it releases the service's WatchDomains long polls, which the bus would wait for.
        adapter.liveness().close();
        bus.close();
        adapter.close();
        LOG.info("event=adapter.stopped url={}", url);
    }
}
