package org.agora.client.market;

import jakarta.xml.ws.WebServiceException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.agora.contract.market.AdjustBid;
import org.agora.contract.market.BidType;
import org.agora.contract.market.CancelBid;
import org.agora.contract.market.GetBid;
import org.agora.contract.market.HostType;
import org.agora.contract.market.ListHosts;
import org.agora.contract.market.Market;
import org.agora.contract.market.MarketFault;
import org.agora.contract.market.MarketService;
import org.agora.contract.market.PlaceBid;
import org.agora.contract.market.RegisterHost;
import org.agora.contract.market.RegisterHostResponse;
import org.agora.contract.market.TopUpBid;
import org.agora.contract.market.UnregisterHost;
import org.agora.security.tls.TlsMaterial;
import org.agora.transport.client.ClientPorts;
import org.agora.transport.client.ServiceCallException;

/** A client of one site's market: ranked hosts, registering hosts into its SLS, and the caller's bids. */
public final class MarketClient implements AutoCloseable {
    private final ClientPorts ports;
    private final Market port;
    private final String address;

    public MarketClient(URI baseUrl, TlsMaterial tls) {
        this(baseUrl, tls, false);
    }

    /**
     * @param signMessages sign every request (WS-Security X.509, Body and Timestamp) and require
     *     signed answers, for sites whose Market endpoint demands secure messages
     */
    public MarketClient(URI baseUrl, TlsMaterial tls, boolean signMessages) {
        this.address = baseUrl.toString().replaceAll("/+$", "") + "/Market";
        this.ports = new ClientPorts(tls, signMessages);
        this.port = ports.port(Market.class, "wsdl/market.wsdl", MarketService.SERVICE, MarketService.MarketPort,
                address);
    }

    /** Hosts cheapest first; null filters do not filter. */
    public List<HostType> hosts(String hypervisor, String arch, Long minFreeMemoryMiB, String site, Integer limit)
            throws ServiceCallException {
        ListHosts q = new ListHosts();
        q.setHypervisor(hypervisor);
        q.setArch(arch);
        q.setMinFreeMemoryMiB(minFreeMemoryMiB);
        q.setSite(site);
        q.setLimit(limit);
        return call(() -> port.listHosts(q)).getHost();
    }

    /** What a site says about one of its hosts when it registers it; null optional fields are left out. */
    public record HostDescription(String host, String site, int vcpus, long memoryMiB, Long freeMemoryMiB,
                                  String hypervisor, String arch, BigDecimal reserveRate, String owner,
                                  String nodeUrl) {
    }

    /** Registers the host, or refreshes its entry (the heartbeat); answers until when it is listed. */
    public RegisterHostResponse register(HostDescription d) throws ServiceCallException {
        RegisterHost r = new RegisterHost();
        r.setHost(d.host());
        r.setSite(d.site());
        r.setVcpus(d.vcpus());
        r.setMemoryMiB(d.memoryMiB());
        r.setFreeMemoryMiB(d.freeMemoryMiB());
        r.setHypervisor(d.hypervisor());
        r.setArch(d.arch());
        r.setReserveRate(d.reserveRate());
        r.setOwner(d.owner());
        r.setNodeUrl(d.nodeUrl());
        return call(() -> port.registerHost(r));
    }

    public void unregister(String host) throws ServiceCallException {
        UnregisterHost u = new UnregisterHost();
        u.setHost(host);
        call(() -> port.unregisterHost(u));
    }

    public BidType place(String bidId, String host, BigDecimal amount, Instant windowEnd, String workspaceId)
            throws ServiceCallException {
        PlaceBid p = new PlaceBid();
        p.setBidId(bidId);
        p.setHost(host);
        p.setAmount(amount);
        p.setWindowEnd(time(windowEnd));
        p.setWorkspaceId(workspaceId);
        return call(() -> port.placeBid(p)).getBid();
    }

    public BidType adjust(String bidId, Instant windowEnd) throws ServiceCallException {
        AdjustBid a = new AdjustBid();
        a.setBidId(bidId);
        a.setWindowEnd(time(windowEnd));
        return call(() -> port.adjustBid(a)).getBid();
    }

    public BidType topUp(String bidId, String transferId, BigDecimal amount) throws ServiceCallException {
        TopUpBid t = new TopUpBid();
        t.setBidId(bidId);
        t.setTransferId(transferId);
        t.setAmount(amount);
        return call(() -> port.topUpBid(t)).getBid();
    }

    public BidType cancel(String bidId) throws ServiceCallException {
        CancelBid c = new CancelBid();
        c.setBidId(bidId);
        return call(() -> port.cancelBid(c)).getBid();
    }

    public BidType show(String bidId) throws ServiceCallException {
        GetBid g = new GetBid();
        g.setBidId(bidId);
        return call(() -> port.getBid(g)).getBid();
    }

    private static XMLGregorianCalendar time(Instant i) {
        return DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(i.toString());
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws MarketFault;
    }

    private <T> T call(Call<T> call) throws ServiceCallException {
        try {
            return call.run();
        } catch (MarketFault f) {
            String text = f.getFaultInfo() != null && !f.getFaultInfo().getDescription().isEmpty()
                    ? String.join("; ", f.getFaultInfo().getDescription()) : f.getMessage();
            throw new ServiceCallException(f.getFaultInfo() == null ? "MarketFault" : f.getFaultInfo().getReason(),
                    text, f);
        } catch (WebServiceException e) {
            throw ports.noAnswer(address, e);
        }
    }

    @Override
    public void close() {
        ports.close();
    }
}
