package org.agora.deploy.gram;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.agora.config.Settings;
import org.agora.deploy.check.Finding;
import org.agora.deploy.check.Findings;
import org.agora.gram.daemon.BridgeSettings;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.GridCredential;
import org.agora.security.trust.TrustAnchors;

/**
 * {@code agora-gram-bridge --check-config}: tries what the bridge needs (host credential, CAs, its
 * directories, the LRM module's installation) without starting it, each finding named by its setting.
 */
public final class GramBridgeCheck {
    static final Path MODULE = Path.of("/usr/share/perl5/Globus/GRAM/JobManager/agora.pm");
    private final Settings settings;
    private final Findings findings = new Findings();

    public GramBridgeCheck(Settings settings) {
        this.settings = settings;
    }

    public List<Finding> run() {
        try {
            GridCredential host = GridCredential.fromCertificateAndKey(settings.get(BridgeSettings.HOST_CERT),
                    settings.get(BridgeSettings.HOST_KEY));
            findings.ok(BridgeSettings.HOST_CERT.key(), "host credential " + host.identity() + ", valid until "
                    + host.notAfter() + "; the Agora site must list it in agora.server.trusted.ce");
        } catch (CredentialException e) {
            findings.fail(BridgeSettings.HOST_CERT.key(), "the host credential is unusable: " + e.getMessage());
        }
        try {
            int cas = TrustAnchors.fromDirectory(settings.get(BridgeSettings.CERTIFICATES_DIR)).certificates().size();
            findings.ok(BridgeSettings.CERTIFICATES_DIR.key(), cas + " CA certificate(s)");
        } catch (CredentialException e) {
            findings.fail(BridgeSettings.CERTIFICATES_DIR.key(), e.getMessage());
        }
        writable(BridgeSettings.STATE_DIR.key(), settings.get(BridgeSettings.STATE_DIR),
                "jobs are kept here across restarts");
        writable(BridgeSettings.SEG_DIR.key(), settings.get(BridgeSettings.SEG_DIR),
                "the job managers (-seg-module agora) read job states from here");
        writable(BridgeSettings.SOCKET.key(), settings.get(BridgeSettings.SOCKET).getParent(),
                "the socket is made here");
        if (Files.isReadable(MODULE)) {
            findings.ok("LRM module", MODULE + " installed");
        } else {
            findings.fail("LRM module", MODULE + " is missing: run agora-gram-install as root");
        }
        findings.ok(BridgeSettings.SERVICE_URL.key(), "jobs run at " + settings.get(BridgeSettings.SERVICE_URL)
                + " in image " + settings.get(BridgeSettings.IMAGE) + " unless a job names agora_image");
        return findings.list();
    }

    public static int report(List<Finding> findings, PrintStream out) {
        return Findings.report("agora-gram-bridge", "the configuration is usable on this CE", findings, out);
    }

    private void writable(String key, Path dir, String why) {
        if (dir != null && Files.isDirectory(dir) && Files.isWritable(dir)) {
            findings.ok(key, dir + " is writable (" + why + ")");
        } else {
            findings.fail(key, dir + " is not a writable directory (" + why + "); agora-gram-install makes it");
        }
    }
}
