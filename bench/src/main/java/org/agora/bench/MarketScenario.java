package org.agora.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.agora.client.market.BestResponse;
import org.agora.database.Database;
import org.agora.database.DatabaseSettings;
import org.agora.market.auction.ProportionalShare;
import org.agora.market.auction.persistence.BidBook;
import org.agora.market.bank.AccountKind;
import org.agora.market.bank.Bank;
import org.agora.market.bank.Credits;
import org.agora.market.bank.persistence.HibernateLedger;
import org.hibernate.SessionFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The market's economics over a scripted hour, played through the real bank and bid book on the
 * embedded MariaDB with a scripted clock: who gets what share of each host, what each host's price
 * per vCPU is, and that every credit minted is accounted for at every minute. Prints a table and
 * draws {@code docs/img/market-scenario.png} for docs/market.md.
 *
 * <p>The script: Alice bids on wn1; Bob outbids her there for 20 minutes; Alice stretches her window
 * (her rate falls, no transfer: the seed paper's Figure 2); Carol arrives with a budget and splits it
 * over both hosts by best response; Bob's window ends; Alice tops up; Carol's wn2 workspace ends
 * early and her unspent credits return.
 */
@Command(name = "market-scenario", mixinStandardHelpOptions = true,
        description = "Plays a scripted market hour through the bank and bid book; prints and plots shares and prices.")
public final class MarketScenario implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--png", defaultValue = "docs/img/market-scenario.png", description = "Where to draw the plot.")
    Path png;

    private static final String ALICE = "/DC=org/DC=agora-demo/CN=Alice";
    private static final String BOB = "/DC=org/DC=agora-demo/CN=Bob";
    private static final String CAROL = "/DC=org/DC=agora-demo/CN=Carol";
    private static final String SITE = "/DC=org/DC=agora-demo/CN=Site Owner";
    private static final Map<String, Integer> VCPUS = new LinkedHashMap<>(Map.of("wn1", 4, "wn2", 2));
    private static final int MINUTES = 60;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MarketScenario()).execute(args));
    }

    /** One minute of the scenario: each workspace's share per host and each host's price. */
    private record Minute(int t, Map<String, Map<String, Double>> shares, Map<String, Double> prices) {
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "bench-market-scenario").toAbsolutePath());
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        try (Database db = Database.open(new DatabaseSettings(null, null, null, dir.resolve("mariadb"), 4),
                "agora_market_scenario_" + Long.toHexString(System.nanoTime()))) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(BidBook.WITH_LEDGER)) {
                HibernateLedger ledger = new HibernateLedger(sessions, Clock.fixed(t0, java.time.ZoneOffset.UTC));
                ledger.open(Bank.MINT, AccountKind.MINT, null);
                for (String dn : List.of(ALICE, BOB, CAROL, SITE)) {
                    ledger.open(Bank.accountOf(dn), AccountKind.USER, dn);
                }
                Credits minted = Credits.ofWhole(300);
                for (String dn : List.of(ALICE, BOB, CAROL)) {
                    ledger.transfer("mint:" + dn, Bank.MINT, Bank.accountOf(dn), Credits.ofWhole(100), "", "scenario");
                }
                BidBook bids = new BidBook(sessions, ledger);
                List<Minute> minutes = new ArrayList<>();
                System.out.println("minute  event");
                for (int t = 0; t <= MINUTES; t++) {
                    Instant now = t0.plus(Duration.ofMinutes(t));
                    bids.chargeDue(now);
                    String event = act(t, now, bids);
                    if (event != null) {
                        System.out.printf("%6d  %s%n", t, event);
                    }
                    minutes.add(observe(t, now, bids));
                    Credits held = ledger.sumOfBalances();
                    if (held.micros() != 0) {
                        throw new IllegalStateException("minute " + t + ": balances sum to " + held
                                + " instead of zero (mint holds minus what was minted): money was created or lost");
                    }
                }
                System.out.println();
                System.out.println("minute  share wn1 (alice bob carol)   share wn2 (carol)   price/vCPU wn1   wn2  (micro-credits/s)");
                for (Minute m : minutes) {
                    if (m.t() % 5 == 0) {
                        Map<String, Double> w1 = m.shares().get("wn1");
                        Map<String, Double> w2 = m.shares().get("wn2");
                        System.out.printf("%6d  %5.1f %5.1f %5.1f %%            %5.1f %%             %8.0f   %8.0f%n", m.t(),
                                100 * w1.getOrDefault("alice", 0.0), 100 * w1.getOrDefault("bob", 0.0),
                                100 * w1.getOrDefault("carol", 0.0), 100 * w2.getOrDefault("carol", 0.0),
                                m.prices().get("wn1"), m.prices().get("wn2"));
                    }
                }
                System.out.printf("%nat the end: alice %s, bob %s, carol %s, site owner %s credits; minted %s%n",
                        ledger.balance(Bank.accountOf(ALICE)), ledger.balance(Bank.accountOf(BOB)),
                        ledger.balance(Bank.accountOf(CAROL)), ledger.balance(Bank.accountOf(SITE)), minted);
                draw(minutes, png);
                System.out.println("plot: " + png.toAbsolutePath());
            }
        }
        return 0;
    }

    /** The script's step at minute {@code t}; returns what happened, or null. */
    private static String act(int t, Instant now, BidBook bids) throws Exception {
        switch (t) {
            case 0 -> {
                bids.place("alice", ALICE, "wn1", SITE, "alice", Credits.ofWhole(36), now.plus(Duration.ofMinutes(60)), now);
                return "alice bids 36 credits on wn1 for 60 minutes";
            }
            case 10 -> {
                bids.place("bob", BOB, "wn1", SITE, "bob", Credits.ofWhole(36), now.plus(Duration.ofMinutes(20)), now);
                return "bob bids 36 credits on wn1 for 20 minutes (three times alice's rate)";
            }
            case 20 -> {
                bids.adjust("alice", now.plus(Duration.ofMinutes(80)), now);
                // Carol spends 40 credits over 40 minutes, split by best response to what the others bid
                // on each host (a host nobody bids on counts at a reserve of 1 micro-credit/s).
                double budget = 40e6 / (40 * 60);
                String[] hosts = {"wn1", "wn2"};
                double[] others = new double[2];
                double[] values = new double[2];
                for (int j = 0; j < 2; j++) {
                    others[j] = Math.max(1, bids.ratesOn(hosts[j], now).values().stream().mapToDouble(d -> d).sum());
                    values[j] = VCPUS.get(hosts[j]);
                }
                double[] split = BestResponse.bids(budget, others, values);
                StringBuilder placed = new StringBuilder();
                for (int j = 0; j < 2; j++) {
                    long micros = Math.round(split[j] * 40 * 60);
                    if (micros > 0) {
                        bids.place("carol-" + hosts[j], CAROL, hosts[j], SITE, "carol-" + hosts[j], new Credits(micros),
                                now.plus(Duration.ofMinutes(40)), now);
                        placed.append(String.format(" %s %.2f", hosts[j], micros / 1e6));
                    }
                }
                return "alice stretches her window to 80 more minutes (rate falls, no transfer); carol's best response:"
                        + placed + " credits over 40 minutes";
            }
            case 30 -> {
                return "bob's window ends: his 36 credits are spent, wn1 is shared by alice and carol";
            }
            case 40 -> {
                bids.topUp("alice", "alice-topup", Credits.ofWhole(30), now);
                return "alice tops up 30 credits (one transfer): her rate rises";
            }
            case 50 -> {
                bids.cancel("carol-wn2", now);
                return "carol's wn2 workspace ends early: her unspent credits return";
            }
            default -> {
                return null;
            }
        }
    }

    private static Minute observe(int t, Instant now, BidBook bids) {
        Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
        Map<String, Double> prices = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> host : VCPUS.entrySet()) {
            Map<String, Long> rates = new LinkedHashMap<>();
            bids.workspaceRatesOn(host.getKey(), now).forEach((ws, r) -> rates.merge(ws.replaceAll("-wn\\d", ""), r, Long::sum));
            shares.put(host.getKey(), ProportionalShare.shares(rates));
            prices.put(host.getKey(), ProportionalShare.price(rates, host.getValue()));
        }
        return new Minute(t, shares, prices);
    }

    private static final Map<String, Color> COLOURS = Map.of("alice", new Color(0x1f77b4), "bob", new Color(0xd62728),
            "carol", new Color(0x2ca02c), "wn1", new Color(0x444444), "wn2", new Color(0x9467bd));

    /** Three panels over the hour: shares on wn1, shares on wn2, price per vCPU of both hosts. */
    private static void draw(List<Minute> minutes, Path png) throws java.io.IOException {
        int width = 900;
        int panel = 220;
        int left = 80;
        int right = 150;
        int top = 30;
        BufferedImage image = new BufferedImage(width, top + 3 * (panel + 40) + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double maxPrice = minutes.stream().flatMap(m -> m.prices().values().stream()).mapToDouble(d -> d).max().orElse(1);
        String[] titles = {"share of wn1 (4 vCPUs)", "share of wn2 (2 vCPUs)", "price per vCPU (micro-credits/s)"};
        for (int p = 0; p < 3; p++) {
            int y0 = top + p * (panel + 40);
            int plotWidth = width - left - right;
            g.setColor(Color.BLACK);
            g.drawString(titles[p], left, y0 - 8);
            g.drawRect(left, y0, plotWidth, panel);
            double max = p < 2 ? 1.0 : maxPrice * 1.1;
            for (int i = 0; i <= 4; i++) {
                int y = y0 + panel - i * panel / 4;
                g.setColor(new Color(0xdddddd));
                g.drawLine(left + 1, y, left + plotWidth - 1, y);
                g.setColor(Color.BLACK);
                g.drawString(p < 2 ? (i * 25) + " %" : String.format("%.0f", max * i / 4), 10, y + 4);
            }
            for (int m = 0; m <= MINUTES; m += 10) {
                int x = left + m * plotWidth / MINUTES;
                g.drawString(m + " min", x - 12, y0 + panel + 16);
            }
            List<String> series = p < 2 ? List.of("alice", "bob", "carol") : List.of("wn1", "wn2");
            int legend = 0;
            for (String s : series) {
                int[] xs = new int[minutes.size()];
                int[] ys = new int[minutes.size()];
                for (int i = 0; i < minutes.size(); i++) {
                    Minute m = minutes.get(i);
                    double v = p == 0 ? m.shares().get("wn1").getOrDefault(s, 0.0)
                            : p == 1 ? m.shares().get("wn2").getOrDefault(s, 0.0) : m.prices().get(s);
                    xs[i] = left + m.t() * plotWidth / MINUTES;
                    ys[i] = y0 + panel - (int) Math.round(v / max * panel);
                }
                if (p == 1 && !s.equals("carol")) {
                    continue;
                }
                // Steps, not slopes: a share changes at the moment of a bid, then holds.
                int[] sx = new int[2 * xs.length - 1];
                int[] sy = new int[2 * xs.length - 1];
                for (int i = 0; i < xs.length; i++) {
                    sx[2 * i] = xs[i];
                    sy[2 * i] = ys[i];
                    if (i + 1 < xs.length) {
                        sx[2 * i + 1] = xs[i + 1];
                        sy[2 * i + 1] = ys[i];
                    }
                }
                g.setColor(COLOURS.get(s));
                g.setStroke(new BasicStroke(2.5f));
                g.drawPolyline(sx, sy, sx.length);
                g.setStroke(new BasicStroke(1f));
                g.drawString(s, left + plotWidth + 15, y0 + 20 + legend * 18);
                legend++;
            }
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }
}
