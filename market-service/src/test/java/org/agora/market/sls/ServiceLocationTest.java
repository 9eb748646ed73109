package org.agora.market.sls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
            List<Class<?>> entities = new ArrayList<>(List.of(HibernateLedger.ENTITIES));
            entities.addAll(List.of(BidBook.ENTITIES));
            try (SessionFactory sessions = db.sessionFactory(entities.toArray(Class<?>[]::new))) {
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
                assertEquals(1, sls.purgeExpired());
                sls.heartbeat(host("wn02", "cern", "xen", 2_000, 20));
                assertTrue(names(sls.query(HostQuery.cheapest(10))).contains("wn02"), "a host that beats again is back");

                assertThrows(IllegalArgumentException.class, () -> sls.heartbeat(host("bad", "x", "kvm", -1, 0)));
            }
        }
    }

    private static List<String> names(List<HostOffer> offers) {
        return offers.stream().map(HostOffer::host).toList();
    }
}
