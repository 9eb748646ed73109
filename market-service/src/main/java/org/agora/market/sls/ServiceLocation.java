package org.agora.market.sls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
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

    /**
     * Refreshes the entry of one of this server's own nodes (the server is its registrant); returns
     * until when it is listed.
     */
    public Instant heartbeat(HostRegistration r) {
        try {
            r.check();
        } catch (RegistrationRefusedException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Instant now = now();
        Instant expires = now.plus(ttl);
        sessions.inTransaction(s -> upsert(s, r, r.ownerDn(), now, expires));
        return expires;
    }

    /**
     * Registers a host for {@code callerDn}, or refreshes its entry (a remote site's heartbeat);
     * returns until when it is listed. Everything is checked before anything is stored: the fields,
     * that the caller may register at all, and that the entry is not someone else's. An entry is
     * its registrant's (a site admin may take any over); once expired, another site may take the
     * name, except for this server's own nodes, whose names stay the site's.
     */
    public Instant register(HostRegistration r, String callerDn, Registrants registrants)
            throws RegistrationRefusedException {
        r.check();
        if (!registrants.mayRegister(callerDn)) {
            throw notAllowed(callerDn);
        }
        Instant now = now();
        Instant expires = now.plus(ttl);
        RegistrationRefusedException refused = sessions.fromTransaction(s -> {
            Optional<Entry> held = lockEntry(s, r.host(), now);
            if (held.isPresent() && !held.get().registeredBy().equals(callerDn) && !registrants.isSiteAdmin(callerDn)) {
                Entry e = held.get();
                if (e.registeredBy().equals(registrants.siteDn())) {
                    return new RegistrationRefusedException(RegistrationRefusedException.Kind.HOST_TAKEN, "Host",
                            "host " + r.host() + " is one of this site's own nodes; another site may not register "
                                    + "it: choose another name (e.g. the host's fully qualified name)");
                }
                if (e.live()) {
                    return new RegistrationRefusedException(RegistrationRefusedException.Kind.HOST_TAKEN, "Host",
                            "host " + r.host() + " is registered by " + e.registeredBy() + " and its entry has not "
                                    + "expired; only that DN or a site admin may re-register or unregister it");
                }
            }
            upsert(s, r, callerDn, now, expires);
            return null;
        });
        if (refused != null) {
            throw refused;
        }
        return expires;
    }

    /** Removes a host's entry now; only its registrant or a site admin may. */
    public void unregister(String host, String callerDn, Registrants registrants) throws RegistrationRefusedException {
        if (!registrants.mayRegister(callerDn)) {
            throw notAllowed(callerDn);
        }
        RegistrationRefusedException refused = sessions.fromTransaction(s -> {
            Optional<Entry> held = lockEntry(s, host, now());
            if (held.isEmpty()) {
                return new RegistrationRefusedException(RegistrationRefusedException.Kind.UNKNOWN_HOST, "Host",
                        "no host " + host + " is registered here; 'agora hosts' lists the registered hosts");
            }
            if (!held.get().registeredBy().equals(callerDn) && !registrants.isSiteAdmin(callerDn)) {
                return new RegistrationRefusedException(RegistrationRefusedException.Kind.NOT_AUTHORIZED, "Host",
                        "host " + host + " was registered by " + held.get().registeredBy() + "; only that DN or a "
                                + "site admin may unregister it, not " + callerDn);
            }
            s.createNativeMutationQuery("delete from market_host where host = :host").setParameter("host", host)
                    .executeUpdate();
            return null;
        });
        if (refused != null) {
            throw refused;
        }
    }

    private static RegistrationRefusedException notAllowed(String callerDn) {
        return new RegistrationRefusedException(RegistrationRefusedException.Kind.NOT_AUTHORIZED, null,
                callerDn + " may not register hosts at this market: it is neither a site admin nor a listed site; "
                        + "the market's admin lets another site's server in by adding its DN to "
                        + Registrants.SITES_SETTING);
    }

    /** @param live whether the entry has not expired yet */
    private record Entry(String registeredBy, boolean live) {
    }

    private static Optional<Entry> lockEntry(Session s, String host, Instant now) {
        // Expiry is compared in SQL, where it was written, so no time zone conversion can shift it.
        List<Object[]> rows = s.createNativeQuery("select registered_by, expires_at > :now from market_host "
                        + "where host = :host for update", Object[].class)
                .setParameter("host", host).setParameter("now", now).getResultList();
        return rows.stream().findFirst().map(row -> new Entry((String) row[0],
                row[1] instanceof Boolean b ? b : ((Number) row[1]).intValue() == 1));
    }

    private static void upsert(Session s, HostRegistration r, String registrant, Instant now, Instant expires) {
        s.createNativeMutationQuery(
                        "insert into market_host (host, site, hypervisor, arch, vcpus, memory_mib, free_memory_mib, "
                                + "owner_dn, reserve_rate, node_url, heartbeat_at, expires_at, registered_by) values "
                                + "(:host, :site, :hv, :arch, :vcpus, :mem, :free, :owner, :reserve, :url, :now, "
                                + ":expires, :registrant) "
                                + "on duplicate key update site = values(site), hypervisor = values(hypervisor), "
                                + "arch = values(arch), vcpus = values(vcpus), memory_mib = values(memory_mib), "
                                + "free_memory_mib = values(free_memory_mib), owner_dn = values(owner_dn), "
                                + "reserve_rate = values(reserve_rate), node_url = values(node_url), "
                                + "heartbeat_at = values(heartbeat_at), expires_at = values(expires_at), "
                                + "registered_by = values(registered_by)")
                .setParameter("host", r.host()).setParameter("site", r.site()).setParameter("hv", r.hypervisor())
                .setParameter("arch", r.arch()).setParameter("vcpus", r.vcpus()).setParameter("mem", r.memoryMiB())
                .setParameter("free", r.freeMemoryMiB()).setParameter("owner", r.ownerDn())
                .setParameter("reserve", r.reserveRate()).setParameter("url", r.nodeUrl())
                .setParameter("now", now).setParameter("expires", expires).setParameter("registrant", registrant)
                .executeUpdate();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** How long an entry stays listed after its last heartbeat. */
    public Duration ttl() {
        return ttl;
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
    public Optional<String> ownerOf(String host) {
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
