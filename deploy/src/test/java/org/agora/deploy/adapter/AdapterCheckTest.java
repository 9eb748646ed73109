package org.agora.deploy.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agora.adapter.AdapterSettings;
import org.agora.adapter.hypervisor.DomainTypeChoice;
import org.agora.adapter.hypervisor.HypervisorException;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.config.Settings;
import org.agora.deploy.check.Finding;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agora-adapter --check-config} against real credentials, libvirt's test driver and real directories. */
class AdapterCheckTest {
    @TempDir
    Path dir;

    private Map<String, String> usable() throws Exception {
        DemoCredentials credentials = DemoCredentials.ensure(dir.resolve("credentials"));
        Map<String, String> values = new HashMap<>();
        values.put(AdapterSettings.HOST_CERT.key(), credentials.hostCert().toString());
        values.put(AdapterSettings.HOST_KEY.key(), credentials.hostKey().toString());
        values.put(AdapterSettings.CERTIFICATES_DIR.key(), credentials.certificatesDir().toString());
        values.put(AdapterSettings.LIBVIRT_URI.key(), "test:///default");
        values.put(AdapterSettings.STORAGE_DIR.key(), dir.resolve("storage").toString());
        values.put(AdapterSettings.CAPACITY_CPU_RATIO.key(), "400");
        values.put(AdapterSettings.SERVICE_DNS.key(), "/DC=org/DC=agora-demo/CN=host/localhost");
        return values;
    }

    private static String report(Map<String, String> values, int expectedStatus) throws Exception {
        Settings settings = AdapterSettings.SCHEMA.fromMap("agora-adapter.properties", values);
        List<Finding> findings = new AdapterCheck(settings).run();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = AdapterCheck.report(findings, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, text);
        return text;
    }

    private static String line(String status, String topic) {
        return String.format("%-4s %-12s ", status, topic);
    }

    @Test
    void aUsableNodeIsDescribedLineByLine() throws Exception {
        String text = report(usable(), 0);
        assertTrue(text.contains(line("ok", "libvirt") + "test:///default"), text);
        assertTrue(text.contains("'default' is active"), text);
        // The test driver's node has 16 CPUs: four virtual ones are offered per CPU.
        assertTrue(text.matches("(?s).*offers (\\d+) vCPUs \\(\\d+ × 400%\\).*"), text);
        assertTrue(text.contains("raw back-end in " + dir.resolve("storage")), text);
        assertTrue(text.contains("host identity /"), text);
        assertTrue(text.contains(line("ok", "seeds") + "xorriso writes the NoCloud seed"), text);
    }

    @Test
    void theDomainTypeLineSaysWhichTypeGuestsGetAndWhy() throws Exception {
        String text = report(usable(), 0);
        assertTrue(text.contains(line("ok", "domain type") + "agora.adapter.domain.type = auto (default): guests run "
                + "as type test, because libvirt's test driver runs every guest as a test domain"), text);
    }

    @Test
    void onARealQemuNodeTheForcedTypeIsSaidWithWhatLibvirtOffers() throws Exception {
        boolean answers;
        try (LibvirtHypervisor probe = LibvirtHypervisor.connect("qemu:///system", false, DomainTypeChoice.QEMU)) {
            answers = true;
        } catch (HypervisorException e) {
            answers = false;
        }
        RealPeer.require("libvirtd with QEMU at qemu:///system", answers, ".ci/run installs and starts it");
        Map<String, String> values = usable();
        values.put(AdapterSettings.LIBVIRT_URI.key(), "qemu:///system");
        values.put(AdapterSettings.NETWORKS.key(), "usermode");
        values.put(AdapterSettings.DOMAIN_TYPE.key(), "qemu");
        String text = report(values, 0);
        assertTrue(text.contains(line("ok", "domain type") + "agora.adapter.domain.type = qemu: guests run as type qemu, "
                + "because qemu forced by the site: software emulation"), text);
    }

    @Test
    void everyProblemIsNamedByItsSettingInOneRun() throws Exception {
        Map<String, String> values = usable();
        values.put(AdapterSettings.NETWORKS.key(), "default, campus-vlan");
        values.put(AdapterSettings.LIBVIRT_URI.key(), "test:///nonexistent/node.xml");
        values.put(AdapterSettings.HOST_CERT.key(), dir.resolve("missing-hostcert.pem").toString());
        String text = report(values, 2);
        assertTrue(text.contains(line("FAIL", "libvirt") + "agora.adapter.libvirt.uri = test:///nonexistent/node.xml"), text);
        assertTrue(text.contains(line("FAIL", "credential") + "agora.adapter.host.cert"), text);
        assertTrue(text.contains("FAIL capacity"), text);
        assertTrue(text.contains("3 problem(s) above"), text);
    }

    @Test
    void aNetworkLibvirtDoesNotHaveIsReportedWithTheCommandThatFixesIt() throws Exception {
        Map<String, String> values = usable();
        values.put(AdapterSettings.NETWORKS.key(), "default,campus-vlan");
        String text = report(values, 2);
        assertTrue(text.contains(line("FAIL", "network") + "'campus-vlan' (agora.adapter.networks) is not defined in libvirt"),
                text);
        assertTrue(text.contains("virsh net-define"), text);
    }

    @Test
    void settingsThatOnlyFailTogetherAreCaughtToo() throws Exception {
        Map<String, String> values = usable();
        values.put(AdapterSettings.STORAGE_BACKEND.key(), "lvm");
        values.put(AdapterSettings.MAC_PREFIX.key(), "01:00:5e");
        String text = report(values, 2);
        assertTrue(text.lines().anyMatch(l -> l.startsWith(line("FAIL", "settings") + "agora-adapter.properties: "
                + "2 problems; ") && l.contains("agora.adapter.storage.lvm.vg") && l.contains("multicast prefix")),
                "both problems on the one settings line: " + text);
    }

    @Test
    void theReadinessProbeIsNamedByItsSetting() throws Exception {
        assertTrue(report(usable(), 0).contains(line("ok", "readiness") + "agora.adapter.readiness = running (default): "
                + "a workspace is Ready as soon as its domain runs"));
        Map<String, String> tcp = usable();
        tcp.put(AdapterSettings.READINESS.key(), "tcp:22");
        String text = report(tcp, 0);
        assertTrue(text.contains(line("ok", "readiness") + "agora.adapter.readiness = tcp:22: a workspace is Ready once "
                + "its address accepts a TCP connection on port 22, within 1000 ms"), text);
    }

    @Test
    void aNetworkProbeOnANodeWithOnlyUserModeNetworkingIsReportedAsNeverReady() throws Exception {
        Map<String, String> values = usable();
        values.put(AdapterSettings.READINESS.key(), "ping");
        values.put(AdapterSettings.NETWORKS.key(), "usermode");
        String text = report(values, 2);
        assertTrue(text.contains(line("FAIL", "readiness") + "agora.adapter.readiness = ping: workspaces here join only "
                + "usermode networking"), text);
    }
}
