package org.agora.market.sls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.agora.database.Database;
import org.agora.database.testing.TestDatabases;
import org.agora.market.auction.persistence.BidBook;
import org.agora.market.bank.AccountKind;
import org.agora.market.bank.Bank;
import org.agora.market.bank.Credits;
import org.agora.market.bank.persistence.HibernateLedger;
import org.hibernate.SessionFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceLocationTest {
    static Stream<String> servers() {
        return TestDatabases.serverUrls();
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static HostRegistration host(String name, String site, String hv, long freeMiB, long reserve) {
        return new HostRegistration(name, site, hv, "x86_64", 4, 16_384, freeMiB, "/DC=org/CN=Owner of " + name,
                reserve, "https://" + name + ":8444/agora-node/Node");
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void hostsAreRankedByPriceFilteredAndForgottenWhenTheirHeartbeatStops(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_sls"))) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(BidBook.WITH_LEDGER)) {
                MovableClock clock = new MovableClock(Instant.now());
                ServiceLocation sls = new ServiceLocation(sessions, Duration.ofSeconds(30), clock);
                sls.heartbeat(host("wn01", "cern", "kvm", 8_000, 10));
                sls.heartbeat(host("wn02", "cern", "xen", 2_000, 20));
                sls.heartbeat(host("wn03", "in2p3", "kvm", 12_000, 30));
                assertEquals(List.of("wn01", "wn02", "wn03"), names(sls.query(HostQuery.cheapest(10))),
                        "no bids yet: ranked by reserve");

                // Bids on wn01 push its price above the others.
                HibernateLedger ledger = new HibernateLedger(sessions, clock);
                ledger.open(Bank.MINT, AccountKind.MINT, null);
                ledger.open(Bank.accountOf("/CN=Jane"), AccountKind.USER, "/CN=Jane");
                ledger.transfer("m", Bank.MINT, Bank.accountOf("/CN=Jane"), Credits.parse("1000"), "", "a");
                BidBook bids = new BidBook(sessions, ledger);
                bids.place("b1", "/CN=Jane", "wn01", "/DC=org/CN=Owner of wn01", null, Credits.parse("36"),
                        clock.instant().plus(Duration.ofHours(1)), clock.instant());
                List<HostOffer> ranked = sls.query(HostQuery.cheapest(10));
                assertEquals(List.of("wn02", "wn03", "wn01"), names(ranked));
                HostOffer wn01 = ranked.get(2);
                assertEquals(10_000, wn01.totalRate(), 1, "36 credits over an hour is 10,000 micro-credits/s");
                assertEquals(2_500, wn01.price(), 1, "per vCPU of its 4");

                assertEquals(List.of("wn01", "wn03"), names(sls.query(new HostQuery("kvm", null, null, null, 10)))
                        .stream().sorted().toList());
                assertEquals(List.of("wn03"), names(sls.query(new HostQuery(null, "x86_64", 10_000L, null, 10))));
                assertEquals(List.of("wn03"), names(sls.query(new HostQuery(null, null, null, "in2p3", 10))));
                assertEquals(1, sls.query(HostQuery.cheapest(1)).size());

                // wn02 stops beating; the others go on.
                clock.advance(Duration.ofSeconds(20));
                sls.heartbeat(host("wn01", "cern", "kvm", 8_000, 10));
                sls.heartbeat(host("wn03", "in2p3", "kvm", 12_000, 30));
                clock.advance(Duration.ofSeconds(15));
                assertEquals(List.of("wn03", "wn01"), names(sls.query(HostQuery.cheapest(10))));
                assertEquals(0, sls.purgeExpiredFor(Duration.ofDays(1)), "expired for seconds: kept a day");
                assertEquals(1, sls.purgeExpired());
                sls.heartbeat(host("wn02", "cern", "xen", 2_000, 20));
                assertTrue(names(sls.query(HostQuery.cheapest(10))).contains("wn02"), "a host that beats again is back");

                assertThrows(IllegalArgumentException.class, () -> sls.heartbeat(host("bad", "x", "kvm", -1, 0)));
            }
        }
    }

    private static final String SITE = "/DC=org/DC=agora/CN=host/market.agora.org";
    private static final String ADMIN = "/DC=org/DC=agora/CN=Site Admin";
    private static final String CERN = "/DC=ch/DC=cern/CN=host/sls.cern.ch";
    private static final String IN2P3 = "/DC=fr/DC=in2p3/CN=host/sls.in2p3.fr";
    private static final Registrants REGISTRANTS = new Registrants(SITE, Set.of(ADMIN), Set.of(CERN, IN2P3));

    private static HostRegistration remote(String name, String site, int vcpus, String owner) {
        return new HostRegistration(name, site, "kvm", "x86_64", vcpus, 16_384, 16_384, owner, 5, "");
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void listedSitesRegisterTheirOwnHostsOnlyAndEntriesExpireWhenHeartbeatsStop(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_slsreg"))) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(BidBook.WITH_LEDGER)) {
                MovableClock clock = new MovableClock(Instant.now());
                ServiceLocation sls = new ServiceLocation(sessions, Duration.ofSeconds(30), clock);
                sls.heartbeat(new HostRegistration("localhost:8444", "agora", "kvm", "x86_64", 2, 4096, 4096, SITE, 0,
                        "https://localhost:8444/agora-node/Node"));

                Instant expires = sls.register(remote("wn1.cern.ch", "cern", 8, CERN), CERN, REGISTRANTS);
                assertEquals(clock.instant().plusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MICROS), expires,
                        "the entry is listed for one TTL after the registration");
                HostOffer listed = sls.query(new HostQuery(null, null, null, "cern", 10)).get(0);
                assertEquals("wn1.cern.ch", listed.host());
                assertEquals(8, listed.vcpus());
                assertEquals(CERN, sls.ownerOf("wn1.cern.ch").orElseThrow(), "bids pay the registrant by default");

                RegistrationRefusedException stranger = assertThrows(RegistrationRefusedException.class,
                        () -> sls.register(remote("evil.example.org", "evil", 8, "/CN=x"), "/DC=org/CN=Stranger",
                                REGISTRANTS));
                assertEquals(RegistrationRefusedException.Kind.NOT_AUTHORIZED, stranger.kind());
                assertTrue(stranger.getMessage().contains(Registrants.SITES_SETTING), stranger.getMessage());

                RegistrationRefusedException taken = assertThrows(RegistrationRefusedException.class,
                        () -> sls.register(remote("wn1.cern.ch", "in2p3", 64, IN2P3), IN2P3, REGISTRANTS));
                assertEquals(RegistrationRefusedException.Kind.HOST_TAKEN, taken.kind());
                assertTrue(taken.getMessage().contains(CERN), "names who holds it: " + taken.getMessage());
                RegistrationRefusedException ours = assertThrows(RegistrationRefusedException.class,
                        () -> sls.register(remote("localhost:8444", "cern", 64, CERN), CERN, REGISTRANTS));
                assertEquals(RegistrationRefusedException.Kind.HOST_TAKEN, ours.kind(), ours.getMessage());
                assertEquals(2, sls.query(new HostQuery(null, null, null, "agora", 10)).get(0).vcpus(),
                        "the refused registration changed nothing");
                assertEquals(8, sls.query(new HostQuery(null, null, null, "cern", 10)).get(0).vcpus());

                RegistrationRefusedException notHis = assertThrows(RegistrationRefusedException.class,
                        () -> sls.unregister("wn1.cern.ch", IN2P3, REGISTRANTS));
                assertEquals(RegistrationRefusedException.Kind.NOT_AUTHORIZED, notHis.kind());

                // Heartbeats from CERN keep wn1 listed; when they stop, it goes, and then the name is free.
                clock.advance(Duration.ofSeconds(20));
                sls.register(remote("wn1.cern.ch", "cern", 12, CERN), CERN, REGISTRANTS);
                clock.advance(Duration.ofSeconds(20));
                assertEquals(12, sls.query(new HostQuery(null, null, null, "cern", 10)).get(0).vcpus());
                clock.advance(Duration.ofSeconds(11));
                assertTrue(sls.query(new HostQuery(null, null, null, "cern", 10)).isEmpty(), "expired: not listed");
                sls.register(remote("wn1.cern.ch", "in2p3", 4, IN2P3), IN2P3, REGISTRANTS);
                assertEquals("wn1.cern.ch", sls.query(new HostQuery(null, null, null, "in2p3", 10)).get(0).host(),
                        "an expired entry of another site may be taken");
                RegistrationRefusedException ownExpired = assertThrows(RegistrationRefusedException.class,
                        () -> sls.register(remote("localhost:8444", "cern", 64, CERN), CERN, REGISTRANTS));
                assertEquals(RegistrationRefusedException.Kind.HOST_TAKEN, ownExpired.kind(),
                        "this site's own node stays the site's even when its heartbeat stopped");

                sls.register(remote("wn2.in2p3.fr", "in2p3", 4, IN2P3), ADMIN, REGISTRANTS);
                sls.unregister("wn1.cern.ch", ADMIN, REGISTRANTS);
                sls.unregister("wn2.in2p3.fr", ADMIN, REGISTRANTS);
                assertTrue(sls.query(new HostQuery(null, null, null, "in2p3", 10)).isEmpty(), "a site admin removes any");
                RegistrationRefusedException gone = assertThrows(RegistrationRefusedException.class,
                        () -> sls.unregister("wn2.in2p3.fr", IN2P3, REGISTRANTS));
                assertEquals(RegistrationRefusedException.Kind.UNKNOWN_HOST, gone.kind());
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("servers")
    void invalidRegistrationsNameTheFieldAndStoreNothing(String server) throws Exception {
        try (Database db = Database.open(TestDatabases.settingsFor(server), TestDatabases.freshName("agora_slsbad"))) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(BidBook.WITH_LEDGER)) {
                ServiceLocation sls = new ServiceLocation(sessions, Duration.ofSeconds(30), Clock.systemUTC());
                Map<String, HostRegistration> bad = new LinkedHashMap<>();
                bad.put("Host", new HostRegistration(" ", "cern", "kvm", "x86_64", 4, 1024, 1024, CERN, 0, ""));
                bad.put("Site", new HostRegistration("h1", "", "kvm", "x86_64", 4, 1024, 1024, CERN, 0, ""));
                bad.put("Vcpus", new HostRegistration("h2", "cern", "kvm", "x86_64", -2, 1024, 1024, CERN, 0, ""));
                bad.put("MemoryMiB", new HostRegistration("h3", "cern", "kvm", "x86_64", 4, 0, 0, CERN, 0, ""));
                bad.put("FreeMemoryMiB", new HostRegistration("h4", "cern", "kvm", "x86_64", 4, 1024, 2048, CERN, 0, ""));
                bad.put("Hypervisor", new HostRegistration("h5", "cern", "vmware", "x86_64", 4, 1024, 1024, CERN, 0, ""));
                bad.put("Arch", new HostRegistration("h6", "cern", "kvm", "x86 64", 4, 1024, 1024, CERN, 0, ""));
                bad.put("ReserveRate", new HostRegistration("h7", "cern", "kvm", "x86_64", 4, 1024, 1024, CERN, -1, ""));
                bad.put("Owner", new HostRegistration("h8", "cern", "kvm", "x86_64", 4, 1024, 1024, "nobody", 0, ""));
                for (Map.Entry<String, HostRegistration> e : bad.entrySet()) {
                    RegistrationRefusedException refused = assertThrows(RegistrationRefusedException.class,
                            () -> sls.register(e.getValue(), CERN, REGISTRANTS), e.getKey());
                    assertEquals(RegistrationRefusedException.Kind.INVALID, refused.kind(), e.getKey());
                    assertEquals(e.getKey(), refused.field());
                    assertTrue(refused.getMessage().contains(e.getKey() + " ") && refused.getMessage().contains("allowed: "),
                            "names the field and what is allowed: " + refused.getMessage());
                }
                assertTrue(sls.query(HostQuery.cheapest(100)).isEmpty(), "nothing was stored");
                RegistrationRefusedException vcpus = assertThrows(RegistrationRefusedException.class,
                        () -> sls.register(bad.get("Vcpus"), CERN, REGISTRANTS));
                assertEquals("Vcpus of h2 is -2; allowed: 1 to 4096", vcpus.getMessage());
            }
        }
    }

    private static List<String> names(List<HostOffer> offers) {
        return offers.stream().map(HostOffer::host).toList();
    }
}
