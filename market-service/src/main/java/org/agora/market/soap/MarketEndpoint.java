package org.agora.market.soap;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.ws.WebServiceContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.agora.contract.market.AdjustBid;
import org.agora.contract.market.BidResponse;
import org.agora.contract.market.BidType;
import org.agora.contract.market.CancelBid;
import org.agora.contract.market.GetBid;
import org.agora.contract.market.HostType;
import org.agora.contract.market.ListHosts;
import org.agora.contract.market.ListHostsResponse;
import org.agora.contract.market.Market;
import org.agora.contract.market.MarketFault;
import org.agora.contract.market.MarketFaultType;
import org.agora.contract.market.PlaceBid;
import org.agora.contract.market.RegisterHost;
import org.agora.contract.market.RegisterHostResponse;
import org.agora.contract.market.TopUpBid;
import org.agora.contract.market.UnregisterHost;
import org.agora.contract.market.UnregisterHostResponse;
import org.agora.contract.wsrf.faults.BaseFaultType;
import org.agora.market.auction.Bid;
import org.agora.market.auction.persistence.BidBook;
import org.agora.market.bank.BankException;
import org.agora.market.bank.Credits;
import org.agora.market.sls.HostOffer;
import org.agora.market.sls.HostQuery;
import org.agora.market.sls.HostRegistration;
import org.agora.market.sls.Registrants;
import org.agora.market.sls.RegistrationRefusedException;
import org.agora.market.sls.ServiceLocation;
import org.agora.security.authz.AccessDeniedException;
import org.agora.security.identity.GridIdentity;
import org.agora.security.authz.LimitedProxyPolicy;
import org.agora.security.soap.CallerIdentity;
import org.agora.security.soap.LimitedProxyGuard;
import org.apache.cxf.jaxws.context.WrappedMessageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Market port: hosts ranked by price from the SLS, hosts of any site registering into it, and the caller's bids. */
@WebService(endpointInterface = "org.agora.contract.market.Market", serviceName = "MarketService",
        portName = "MarketPort", targetNamespace = "http://agora-grid.org/namespaces/2026/11/market",
        wsdlLocation = "classpath:wsdl/market.wsdl")
public class MarketEndpoint implements Market {
    private static final Logger LOG = LoggerFactory.getLogger(MarketEndpoint.class);
    static final String ERROR_CODE_DIALECT = "http://agora-grid.org/namespaces/2026/11/market/errors";
    private static final DatatypeFactory DATATYPES;

    static {
        try {
            DATATYPES = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ServiceLocation sls;
    private final BidBook bids;
    private final CallerIdentity identity;
    private final Set<String> adminDns;
    private final Registrants registrants;
    private final Clock clock;

    @Resource
    private WebServiceContext context;

    /**
     * @param adminDns who may act on any bid
     * @param registrants who may register hosts into the SLS
     */
    public MarketEndpoint(ServiceLocation sls, BidBook bids, CallerIdentity identity, Set<String> adminDns,
                          Registrants registrants, Clock clock) {
        this.sls = sls;
        this.bids = bids;
        this.identity = identity;
        this.adminDns = Set.copyOf(adminDns);
        this.registrants = registrants;
        this.clock = clock;
    }

    @Override
    public RegisterHostResponse registerHost(RegisterHost request) throws MarketFault {
        GridIdentity caller = caller();
        if (request == null) {
            throw fault("InvalidRegistration", "Host", "RegisterHost needs Host, Site, Vcpus, MemoryMiB, Hypervisor "
                    + "and Arch");
        }
        if (request.getVcpus() == null || request.getMemoryMiB() == null) {
            String missing = request.getVcpus() == null ? "Vcpus" : "MemoryMiB";
            throw fault("InvalidRegistration", missing, "RegisterHost has no " + missing + "; it needs Host, Site, "
                    + "Vcpus, MemoryMiB, Hypervisor and Arch");
        }
        String host = trimmed(request.getHost());
        HostRegistration r = new HostRegistration(host, trimmed(request.getSite()),
                trimmed(request.getHypervisor()), trimmed(request.getArch()), request.getVcpus(),
                request.getMemoryMiB(),
                request.getFreeMemoryMiB() == null ? request.getMemoryMiB() : request.getFreeMemoryMiB(),
                request.getOwner() == null ? caller.dn() : request.getOwner().strip(),
                reserveRate(host, request.getReserveRate()),
                request.getNodeUrl() == null ? "" : request.getNodeUrl().strip());
        try {
            Instant expires = sls.register(r, caller.dn(), registrants);
            LOG.info("event=market.host_registered host={} site={} vcpus={} memory_mib={} until={} by=\"{}\"", r.host(),
                    r.site(), r.vcpus(), r.memoryMiB(), expires, caller.dn());
            RegisterHostResponse response = new RegisterHostResponse();
            response.setHost(r.host());
            response.setExpires(time(expires));
            response.setCurrentTime(time(clock.instant()));
            response.setRegisteredBy(caller.dn());
            return response;
        } catch (RegistrationRefusedException e) {
            throw fault(e);
        }
    }

    @Override
    public UnregisterHostResponse unregisterHost(UnregisterHost request) throws MarketFault {
        GridIdentity caller = caller();
        String host = request == null ? null : trimmed(request.getHost());
        if (blank(host)) {
            throw fault("InvalidRegistration", "Host", "UnregisterHost needs the Host to remove");
        }
        try {
            sls.unregister(host, caller.dn(), registrants);
            LOG.info("event=market.host_unregistered host={} by=\"{}\"", host, caller.dn());
            UnregisterHostResponse response = new UnregisterHostResponse();
            response.setHost(host);
            return response;
        } catch (RegistrationRefusedException e) {
            throw fault(e);
        }
    }

    /** Credits per second as whole micro-credits per second, which is how the SLS keeps the reserve. */
    private static long reserveRate(String host, BigDecimal creditsPerSecond) throws MarketFault {
        if (creditsPerSecond == null) {
            return 0;
        }
        try {
            long micros = creditsPerSecond.movePointRight(6).longValueExact();
            if (micros >= 0) {
                return micros;
            }
        } catch (ArithmeticException tooFineOrTooLarge) {
            // Refused below with the same words as a negative reserve.
        }
        throw fault("InvalidRegistration", "ReserveRate", "ReserveRate of " + host + " is "
                + creditsPerSecond.toPlainString() + "; allowed: 0 or more credits per second per vCPU, "
                + "in steps of 0.000001");
    }

    private static String trimmed(String s) {
        return s == null ? null : s.strip();
    }

    private static MarketFault fault(RegistrationRefusedException e) {
        String reason = switch (e.kind()) {
            case INVALID -> "InvalidRegistration";
            case NOT_AUTHORIZED -> "NotAuthorized";
            case HOST_TAKEN -> "HostTaken";
            case UNKNOWN_HOST -> "UnknownHost";
        };
        return fault(reason, e.field(), e.getMessage());
    }

    @Override
    public ListHostsResponse listHosts(ListHosts request) throws MarketFault {
        caller();
        ListHosts q = request == null ? new ListHosts() : request;
        int limit = q.getLimit() == null ? 50 : q.getLimit();
        if (limit < 1 || limit > 10_000) {
            throw fault("InvalidRequest", "Limit", "Limit is " + limit + "; ask for 1 to 10000 hosts");
        }
        ListHostsResponse r = new ListHostsResponse();
        for (HostOffer o : sls.query(new HostQuery(q.getHypervisor(), q.getArch(), q.getMinFreeMemoryMiB(), q.getSite(),
                limit))) {
            HostType h = new HostType();
            h.setHost(o.host());
            h.setSite(o.site());
            h.setHypervisor(o.hypervisor());
            h.setArch(o.arch());
            h.setVcpus(o.vcpus());
            h.setFreeMemoryMiB(o.freeMemoryMiB());
            h.setTotalRate(perSecond(o.totalRate()));
            h.setPrice(perSecond(o.price()));
            h.setReserveRate(perSecond(o.reserveRate()));
            r.getHost().add(h);
        }
        return r;
    }

    @Override
    public BidResponse placeBid(PlaceBid request) throws MarketFault {
        GridIdentity caller = caller();
        if (request == null || blank(request.getBidId()) || blank(request.getHost()) || request.getAmount() == null
                || request.getWindowEnd() == null) {
            throw fault("InvalidRequest", "PlaceBid needs BidId, Host, Amount and WindowEnd");
        }
        String owner = sls.ownerOf(request.getHost().strip()).orElseThrow(() -> fault("UnknownHost",
                "host " + request.getHost() + " is not listed by the service location service (or its heartbeat "
                        + "stopped); 'agora hosts' shows the hosts you can bid on"));
        try {
            Bid bid = bids.place(request.getBidId().strip(), caller.dn(), request.getHost().strip(), owner,
                    blank(request.getWorkspaceId()) ? null : request.getWorkspaceId().strip(),
                    credits(request.getAmount()), instant(request.getWindowEnd()), clock.instant());
            if (!bid.bidderDn().equals(caller.dn())) {
                throw fault("NotAuthorized", "bid id " + bid.id() + " is already another bidder's; choose another id");
            }
            LOG.info("event=market.bid_placed bid={} host={} amount={} until={} by=\"{}\"", bid.id(), bid.host(),
                    bid.escrowed(), bid.windowEnd(), caller.dn());
            return response(bid);
        } catch (BankException e) {
            throw fault(e);
        }
    }

    @Override
    public BidResponse adjustBid(AdjustBid request) throws MarketFault {
        GridIdentity caller = caller();
        Bid bid = owned(caller, request == null ? null : request.getBidId());
        if (request.getWindowEnd() == null) {
            throw fault("InvalidRequest", "AdjustBid needs WindowEnd");
        }
        try {
            return response(bids.adjust(bid.id(), instant(request.getWindowEnd()), clock.instant()));
        } catch (BankException e) {
            throw fault(e);
        }
    }

    @Override
    public BidResponse topUpBid(TopUpBid request) throws MarketFault {
        GridIdentity caller = caller();
        Bid bid = owned(caller, request == null ? null : request.getBidId());
        if (blank(request.getTransferId()) || request.getAmount() == null) {
            throw fault("InvalidRequest", "TopUpBid needs TransferId and Amount");
        }
        try {
            return response(bids.topUp(bid.id(), request.getTransferId().strip(), credits(request.getAmount()),
                    clock.instant()));
        } catch (BankException e) {
            throw fault(e);
        }
    }

    @Override
    public BidResponse cancelBid(CancelBid request) throws MarketFault {
        GridIdentity caller = caller();
        Bid bid = owned(caller, request == null ? null : request.getBidId());
        try {
            return response(bids.cancel(bid.id(), clock.instant()));
        } catch (BankException e) {
            throw fault(e);
        }
    }

    @Override
    public BidResponse getBid(GetBid request) throws MarketFault {
        return response(owned(caller(), request == null ? null : request.getBidId()));
    }

    private Bid owned(GridIdentity caller, String bidId) throws MarketFault {
        if (blank(bidId)) {
            throw fault("InvalidRequest", "the request names no BidId");
        }
        Bid bid = bids.find(bidId.strip()).orElseThrow(() -> fault("UnknownBid", "no bid " + bidId + " at this market"));
        if (!bid.bidderDn().equals(caller.dn()) && !adminDns.contains(caller.dn())) {
            throw fault("NotAuthorized", "bid " + bidId + " is another bidder's; " + caller.dn() + " may not use it");
        }
        return bid;
    }

    private BidResponse response(Bid bid) {
        Instant now = clock.instant();
        Map<String, Double> rates = bids.ratesOn(bid.host(), now);
        // Below the host's reserve price a bid buys what its rate pays for at the reserve (ProportionalShare).
        double total = Math.max(rates.values().stream().mapToDouble(Double::doubleValue).sum(),
                sls.reserveTotalOf(bid.host()));
        double rate = bid.rate(now);
        BidType t = new BidType();
        t.setBidId(bid.id());
        t.setBidder(bid.bidderDn());
        t.setHost(bid.host());
        t.setWorkspaceId(bid.workspaceId());
        t.setEscrowed(bid.escrowed().toBigDecimal());
        t.setCharged(bid.charged().toBigDecimal());
        t.setWindowStart(time(bid.windowStart()));
        t.setWindowEnd(time(bid.windowEnd()));
        t.setRate(perSecond(rate));
        t.setShare(total == 0 ? 0 : rate / total);
        t.setState(bid.state().name().charAt(0) + bid.state().name().substring(1).toLowerCase());
        BidResponse r = new BidResponse();
        r.setBid(t);
        return r;
    }

    /** Micro-credits per second as credits per second. */
    private static BigDecimal perSecond(double micros) {
        return BigDecimal.valueOf(micros).movePointLeft(6).setScale(9, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    private static Credits credits(BigDecimal amount) throws MarketFault {
        try {
            Credits c = Credits.of(amount);
            if (!c.isPositive()) {
                throw new IllegalArgumentException("an amount must be positive, not " + amount.toPlainString());
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw fault("InvalidAmount", e.getMessage());
        }
    }

    private static Instant instant(XMLGregorianCalendar c) {
        return c.toGregorianCalendar().toInstant();
    }

    private static XMLGregorianCalendar time(Instant i) {
        return DATATYPES.newXMLGregorianCalendar(i.toString());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * The limited-proxy guard for this endpoint: a refused call receives MarketFault with reason
     * NotAuthorized. {@code computeElements} may relay their users' signed calls.
     */
    public static LimitedProxyGuard limitedProxyGuard(LimitedProxyPolicy policy,
                                                      org.agora.security.authz.TrustedComputeElements computeElements) {
        return new LimitedProxyGuard(policy, computeElements, refusal -> fault("NotAuthorized", refusal));
    }

    private GridIdentity caller() throws MarketFault {
        try {
            return identity.of(((WrappedMessageContext) context.getMessageContext()).getWrappedMessage());
        } catch (AccessDeniedException e) {
            throw fault("NotAuthorized", e.getMessage());
        }
    }

    private static MarketFault fault(BankException e) {
        return fault(BankEndpoint.contractReason(e.reason()), e.getMessage());
    }

    static MarketFault fault(String reason, String message) {
        return fault(reason, null, message);
    }

    /** @param field the request element refused, or null */
    static MarketFault fault(String reason, String field, String message) {
        MarketFaultType info = new MarketFaultType();
        info.setTimestamp(time(Instant.now()));
        BaseFaultType.ErrorCode code = new BaseFaultType.ErrorCode();
        code.setDialect(ERROR_CODE_DIALECT);
        code.getContent().add(reason);
        info.setErrorCode(code);
        info.getDescription().add(message);
        info.setReason(reason);
        info.setField(field);
        return new MarketFault(message, info);
    }
}
