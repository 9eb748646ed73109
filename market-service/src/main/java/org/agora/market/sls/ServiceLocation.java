package org.agora.market.sls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.database.TransientFailures;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.query.MutationQuery;
import org.hibernate.query.NativeQuery;

/**
 * The SLS on MariaDB. A heartbeat pushes the entry's expiry forward. Each host row keeps the total
 * of its active bids' rates, changed by the bid book in the same transaction as every bid change, so
 * a listing is as fresh as the last bid and the ranked query reads an index instead of the bids.
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
     * Ten attempts: besides deadlocks, the first heartbeats of one host at once (the other one
     * inserted the row first: the next attempt finds it and refreshes it).
     */
    private static final TransientFailures RETRIES = TransientFailures.DEFAULT.withAttempts(10)
            .alsoRetrying(ConstraintViolationException.class::isInstance);
    private static final String COLUMNS = "h.host, h.site, h.hypervisor, h.arch, h.vcpus, h.free_memory_mib, "
            + "h.reserve_rate, h.bid_rate_total, h.price, h.node_url";

    /**
     * Refreshes the entry of one of this server's own nodes (its owner is its registrant); returns
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
        retried(s -> {
            store(s, r, r.ownerDn(), now, expires);
            return null;
        });
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
        RegistrationRefusedException refused = retried(s -> {
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
            store(s, r, callerDn, now, expires);
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

    /**
     * Runs {@code work} in a transaction, again when it lost a race: the same host's first heartbeat
     * twice at once (the other one inserted the row), or a deadlock with a bid changing on a host
     * registering again while its total is recomputed (the row is locked before the bids, the opposite
     * of a bid's order). Each try is undone whole; the policy's short random pause lets the bid's
     * transaction finish.
     */
    private <T> T retried(java.util.function.Function<Session, T> work) {
        return RETRIES.run(() -> sessions.fromTransaction(work));
    }

    /** Writes the entry for {@code registrant}: refreshed in place, or inserted with its bid total recomputed. */
    private static void store(Session s, HostRegistration r, String registrant, Instant now, Instant expires) {
        int refreshed = bind(s.createNativeMutationQuery("update market_host set site = :site, hypervisor = :hv, "
                + "arch = :arch, vcpus = :vcpus, memory_mib = :mem, free_memory_mib = :free, owner_dn = :owner, "
                + "reserve_rate = :reserve, node_url = :url, heartbeat_at = :now, expires_at = :expires, "
                + "registered_by = :registrant where host = :host"), r, now, expires)
                .setParameter("registrant", registrant).executeUpdate();
        if (refreshed > 0) {
            return;
        }
        // A new entry, or one purged while bids on the host stayed active: its total is recomputed. The row
        // is inserted (and so locked) before the bids are read with a locking read, so a bid that changes
        // meanwhile either is seen here or, finding the row, adds its own change to the total after us.
        bind(s.createNativeMutationQuery("insert into market_host (host, site, hypervisor, arch, vcpus, memory_mib, "
                + "free_memory_mib, owner_dn, reserve_rate, node_url, heartbeat_at, expires_at, bid_rate_total, "
                + "registered_by) values (:host, :site, :hv, :arch, :vcpus, :mem, :free, :owner, :reserve, :url, :now, "
                + ":expires, 0, :registrant)"), r, now, expires).setParameter("registrant", registrant).executeUpdate();
        Number total = (Number) s.createNativeQuery("select coalesce(sum(priced_rate), 0) from market_bid "
                + "where host = :host and state = 'ACTIVE' lock in share mode", Object.class)
                .setParameter("host", r.host()).getSingleResult();
        if (total.longValue() != 0) {
            s.createNativeMutationQuery("update market_host set bid_rate_total = bid_rate_total + :total "
                    + "where host = :host").setParameter("total", total.longValue()).setParameter("host", r.host())
                    .executeUpdate();
        }
    }

    private static MutationQuery bind(MutationQuery q, HostRegistration r, Instant now, Instant expires) {
        return q.setParameter("host", r.host()).setParameter("site", r.site()).setParameter("hv", r.hypervisor())
                .setParameter("arch", r.arch()).setParameter("vcpus", r.vcpus()).setParameter("mem", r.memoryMiB())
                .setParameter("free", r.freeMemoryMiB()).setParameter("owner", r.ownerDn())
                .setParameter("reserve", r.reserveRate()).setParameter("url", r.nodeUrl())
                .setParameter("now", now).setParameter("expires", expires);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** How long an entry stays listed after its last heartbeat. */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Live hosts matching the query, cheapest first (ties by name). Prices come from the totals kept
     * on the host rows, read in the order of their index. The one thing a total cannot know by itself
     * is time: an active bid whose window has passed has a rate of zero but is counted until a
     * charging pass ends it. Those bids are few and found by their window's end; their hosts are
     * read again with the corrected price. A correction only lowers a price, so the cheapest hosts
     * are among the first {@code limit} by stored price and the corrected ones, and the answer is
     * exactly what summing the live bids would give.
     */
    public List<HostOffer> query(HostQuery q) {
        Instant now = clock.instant();
        int limit = Math.max(1, q.limit());
        return sessions.fromSession(s -> {
            Map<String, Long> passed = new HashMap<>();
            s.createNativeQuery("select host, sum(priced_rate) from market_bid where state = 'ACTIVE' "
                            + "and window_end <= :now group by host", Object[].class).setParameter("now", now)
                    .getResultList().forEach(row -> passed.put((String) row[0], ((Number) row[1]).longValue()));
            List<HostOffer> ranked = filtered(s, q, now, "order by h.price, h.host limit :limit", null)
                    .setParameter("limit", limit).getResultList().stream().map(ServiceLocation::offer).toList();
            if (passed.isEmpty()) {
                return ranked;
            }
            Map<String, HostOffer> merged = new HashMap<>();
            ranked.forEach(o -> merged.put(o.host(), o));
            filtered(s, q, now, "", passed.keySet()).getResultList().stream().map(ServiceLocation::offer)
                    .forEach(o -> merged.put(o.host(), without(o, passed.get(o.host()))));
            return merged.values().stream()
                    .sorted(Comparator.comparingDouble(HostOffer::price).thenComparing(HostOffer::host))
                    .limit(limit).toList();
        });
    }

    private static NativeQuery<Object[]> filtered(Session s, HostQuery q, Instant now, String tail,
                                                   Collection<String> hosts) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from market_host h where h.expires_at > :now");
        if (hosts != null) {
            sql.append(" and h.host in (:hosts)");
        }
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
        sql.append(' ').append(tail);
        NativeQuery<Object[]> query = s.createNativeQuery(sql.toString(), Object[].class).setParameter("now", now);
        if (hosts != null) {
            query.setParameterList("hosts", hosts);
        }
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
        return query;
    }

    private static HostOffer offer(Object[] row) {
        return new HostOffer((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                ((Number) row[4]).intValue(), ((Number) row[5]).longValue(), ((Number) row[6]).longValue(),
                ((Number) row[7]).longValue() / 1000.0, ((Number) row[8]).doubleValue(), (String) row[9]);
    }

    /** The offer with the rates of bids whose window has passed taken out of its total (nano-credits/s). */
    private static HostOffer without(HostOffer o, long passedNanos) {
        long total = Math.round(o.totalRate() * 1000) - passedNanos;
        // The same arithmetic as the stored column market_host.price, so ties rank the same way.
        double price = Math.max(total / (1000e0 * o.vcpus()), o.reserveRate());
        return new HostOffer(o.host(), o.site(), o.hypervisor(), o.arch(), o.vcpus(), o.freeMemoryMiB(),
                o.reserveRate(), total / 1000.0, price, o.nodeUrl());
    }

    /** The owner DN of a host listed now (its heartbeat has not expired), if any. */
    public Optional<String> ownerOf(String host) {
        Instant now = clock.instant();
        List<String> owners = sessions.fromSession(s -> s.createNativeQuery(
                        "select owner_dn from market_host where host = :host and expires_at > :now", String.class)
                .setParameter("host", host).setParameter("now", now).getResultList());
        return owners.stream().findFirst();
    }

    /**
     * The least the host's owner sells all its CPU for: its reserve per vCPU times its vCPUs,
     * micro-credits per second; 0 for a host without a reserve or no longer listed.
     */
    public long reserveTotalOf(String host) {
        List<Long> totals = sessions.fromSession(s -> s.createNativeQuery(
                        "select reserve_rate * vcpus from market_host where host = :host", Long.class)
                .setParameter("host", host).getResultList());
        return totals.stream().findFirst().orElse(0L);
    }

    /** Removes entries whose heartbeat stopped more than one TTL ago; returns how many. */
    public int purgeExpired() {
        return purgeExpiredFor(Duration.ZERO);
    }

    /**
     * Removes entries that have been expired for longer than {@code grace}; returns how many. A host
     * that comes back later registers afresh, its bid total recomputed from its active bids.
     */
    public int purgeExpiredFor(Duration grace) {
        Instant before = clock.instant().minus(grace);
        return sessions.fromTransaction(s -> s.createNativeMutationQuery(
                "delete from market_host where expires_at <= :before").setParameter("before", before).executeUpdate());
    }
}
