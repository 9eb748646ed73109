package org.agora.adapter.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NoCloud seed as a guest reads it: an ISO 9660 volume labelled cidata with meta-data and user-data. */
public class NoCloudSeedTest {
    private static final String SCRIPT = "#!/bin/sh\necho CONTEXT-SEEN $((6*7))\n";

    @TempDir
    Path dir;

    public static void requireXorriso() {
        RealPeer.require("xorriso", NodeTools.has("xorriso"), "Debian package xorriso");
    }

    /** The volume identifier of an ISO 9660 image, read from its primary volume descriptor (sector 16). */
    public static String volumeId(Path iso) throws Exception {
        byte[] pvd = new byte[2048];
        try (RandomAccessFile f = new RandomAccessFile(iso.toFile(), "r")) {
            f.seek(16 * 2048L);
            f.readFully(pvd);
        }
        assertEquals(1, pvd[0], "a primary volume descriptor");
        assertEquals("CD001", new String(pvd, 1, 5, StandardCharsets.US_ASCII));
        return new String(pvd, 40, 32, StandardCharsets.US_ASCII).strip();
    }

    /** The files of an ISO image, extracted with their Rock Ridge names. */
    public static Path extract(Path iso, Path into) throws Exception {
        NodeTools.run("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/", into.toString());
        return into;
    }

    @Test
    void theSeedIsAnIsoVolumeLabelledCidataWithMetaDataAndTheUserDataByteForByte() throws Exception {
        requireXorriso();
        String userData = SCRIPT + "# ünïcødé stays as sent\n";
        NoCloudSeed seed = NoCloudSeed.of("ws-1234", "Build Node #7", userData);
        Path iso = dir.resolve("seed.iso");
        seed.write(iso);

        assertEquals(NoCloudSeed.LABEL, volumeId(iso));
        Path files = extract(iso, dir.resolve("out"));
        assertEquals(userData, Files.readString(files.resolve("user-data"), StandardCharsets.UTF_8));
        assertEquals("instance-id: ws-1234\nlocal-hostname: build-node-7\n",
                Files.readString(files.resolve("meta-data"), StandardCharsets.UTF_8));
        assertEquals(List.of("seed.iso"), NodeTools.tree(dir).stream().filter(p -> !p.startsWith("out")).toList(),
                "the staged files are gone; only the image is left");
    }

    @Test
    void noUserDataMeansNoSeed() {
        assertNull(NoCloudSeed.of("ws-1", "x", null));
        assertNull(NoCloudSeed.of("ws-1", "x", ""));
    }

    @Test
    void userDataLargerThanASeedTakesIsRefusedNamingUserDataAndQuotingItsStart() {
        String tooLong = "#!/bin/sh\n" + "é".repeat(NoCloudSeed.MAX_USER_DATA_BYTES / 2);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> NoCloudSeed.of("ws-1", "x", tooLong));
        assertTrue(refused.getMessage().startsWith("UserData '#!/bin/sh\\u000Aééé"), refused.getMessage());
        assertTrue(refused.getMessage().contains("at most 65536 bytes in UTF-8"), refused.getMessage());
        assertFalse(refused.getMessage().length() > 300, "a quote, not the text: " + refused.getMessage().length());
        String fits = "a".repeat(NoCloudSeed.MAX_USER_DATA_BYTES);
        assertEquals(fits, NoCloudSeed.of("ws-1", "x", fits).userData(), "exactly the limit is taken");
    }

    @Test
    void theHostNameIsADnsLabelMadeOfTheNameOrTheWorkspaceId() {
        assertEquals("debian-12", NoCloudSeed.hostnameOf("debian-12", "id"));
        assertEquals("my-job-1", NoCloudSeed.hostnameOf("  My Job: #1 ", "id"));
        assertEquals(63, NoCloudSeed.hostnameOf("x".repeat(300), "id").length());
        assertEquals("agora-0f3c-9a", NoCloudSeed.hostnameOf("ÿ!!", "0F3C-9A"));
        assertEquals("agora-ab", NoCloudSeed.hostnameOf(null, "ab"));
    }
}
