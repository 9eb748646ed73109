package org.agora.market.sls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hibernate.SessionFactory;

/**
 * The SLS on MariaDB. A heartbeat is an upsert that pushes the entry's expiry forward; the ranked
 * query computes each live host's bid-rate total from the active bids in the same statement, so a
 * listing is always as fresh as the last bid.
 */
public final class ServiceLocation {
    private final SessionFactory sessions;
    private final Duration ttl;
    private final Clock clock;

    /** @param ttl how long an entry stays listed after its last heartbeat */
    public ServiceLocation(SessionFactory sessions, Duration ttl, Clock clock) {
        this.sessions = sessions;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Registers the host, or refreshes its entry; returns until when it is listed. */
    public Instant heartbeat(HostRegistration r) {
        if (r.vcpus() < 1 || r.memoryMiB() < 1 || r.freeMemoryMiB() < 0 || r.reserveRate() < 0) {
            throw new IllegalArgumentException("host " + r.host() + " reports " + r.vcpus() + " vCPUs, "
                    + r.memoryMiB() + " MiB (" + r.freeMemoryMiB() + " free) and reserve " + r.reserveRate()
                    + ": capacity must be positive and the reserve not negative");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant expires = now.plus(ttl);
        sessions.inTransaction(s -> s.createNativeMutationQuery(
                        "insert into market_host (host, site, hypervisor, arch, vcpus, memory_mib, free_memory_mib, "
                                + "owner_dn, reserve_rate, node_url, heartbeat_at, expires_at) values (:host, :site, "
                                + ":hv, :arch, :vcpus, :mem, :free, :owner, :reserve, :url, :now, :expires) "
                                + "on duplicate key update site = values(site), hypervisor = values(hypervisor), "
                                + "arch = values(arch), vcpus = values(vcpus), memory_mib = values(memory_mib), "
                                + "free_memory_mib = values(free_memory_mib), owner_dn = values(owner_dn), "
                                + "reserve_rate = values(reserve_rate), node_url = values(node_url), "
                                + "heartbeat_at = values(heartbeat_at), expires_at = values(expires_at)")
                .setParameter("host", r.host()).setParameter("site", r.site()).setParameter("hv", r.hypervisor())
                .setParameter("arch", r.arch()).setParameter("vcpus", r.vcpus()).setParameter("mem", r.memoryMiB())
                .setParameter("free", r.freeMemoryMiB()).setParameter("owner", r.ownerDn())
                .setParameter("reserve", r.reserveRate()).setParameter("url", r.nodeUrl())
                .setParameter("now", now).setParameter("expires", expires)
                .executeUpdate());
        return expires;
    }

    /** Live hosts matching the query, cheapest first (ties by name). */
    public List<HostOffer> query(HostQuery q) {
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder(
                "select h.host, h.site, h.hypervisor, h.arch, h.vcpus, h.free_memory_mib, h.reserve_rate, "
                        + "coalesce(b.rate, 0) as total_rate, "
                        + "greatest(coalesce(b.rate, 0) / h.vcpus, h.reserve_rate) as price, h.node_url "
                        + "from market_host h left join ("
                        + "  select host, sum(rate) as rate"
                        + "  from market_bid where state = 'ACTIVE' and window_end > :now group by host"
                        + ") b on b.host = h.host where h.expires_at > :now");
        if (q.hypervisor() != null) {
            sql.append(" and h.hypervisor = :hv");
        }
        if (q.arch() != null) {
            sql.append(" and h.arch = :arch");
        }
        if (q.minFreeMemoryMiB() != null) {
            sql.append(" and h.free_memory_mib >= :free");
        }
        if (q.site() != null) {
            sql.append(" and h.site = :site");
        }
        sql.append(" order by price, h.host limit :limit");
        return sessions.fromSession(s -> {
            var query = s.createNativeQuery(sql.toString(), Object[].class).setParameter("now", now)
                    .setParameter("limit", Math.max(1, q.limit()));
            if (q.hypervisor() != null) {
                query.setParameter("hv", q.hypervisor());
            }
            if (q.arch() != null) {
                query.setParameter("arch", q.arch());
            }
            if (q.minFreeMemoryMiB() != null) {
                query.setParameter("free", q.minFreeMemoryMiB());
            }
            if (q.site() != null) {
                query.setParameter("site", q.site());
            }
            return query.getResultList().stream().map(row -> new HostOffer((String) row[0], (String) row[1],
                    (String) row[2], (String) row[3], ((Number) row[4]).intValue(), ((Number) row[5]).longValue(),
                    ((Number) row[6]).longValue(), ((Number) row[7]).doubleValue(), ((Number) row[8]).doubleValue(),
                    (String) row[9])).toList();
        });
    }

    /** The owner DN of a host listed now (its heartbeat has not expired), if any. */
    public java.util.Optional<String> ownerOf(String host) {
        Instant now = clock.instant();
        List<String> owners = sessions.fromSession(s -> s.createNativeQuery(
                        "select owner_dn from market_host where host = :host and expires_at > :now", String.class)
                .setParameter("host", host).setParameter("now", now).getResultList());
        return owners.stream().findFirst();
    }

    /** Removes entries whose heartbeat stopped more than one TTL ago; returns how many. */
    public int purgeExpired() {
        Instant now = clock.instant();
        return sessions.fromTransaction(s -> s.createNativeMutationQuery(
                "delete from market_host where expires_at <= :now").setParameter("now", now).executeUpdate());
    }
}
