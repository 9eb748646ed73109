package org.agora.adapter.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.agora.contract.lexical.Quote;

/**
 * A cloud-init NoCloud seed: an ISO 9660 filesystem labelled {@value #LABEL} holding
 * {@code meta-data} (the instance id and host name) and {@code user-data} (the caller's text, byte
 * for byte). cloud-init, and Agora's tiny test guest, look for a filesystem with that label at boot.
 *
 * <p>The image is written by xorriso (Debian package xorriso), run as a process as qemu-img is:
 * docs/decisions.md says why.
 *
 * @param instanceId what the guest sees as its instance: the workspace id
 * @param hostname the guest's host name, already a valid DNS label (see {@link #hostnameOf})
 * @param userData the user-data text, at most {@value #MAX_USER_DATA_BYTES} bytes in UTF-8
 */
public record NoCloudSeed(String instanceId, String hostname, String userData) {
    /** The volume label cloud-init's NoCloud data source looks for. */
    public static final String LABEL = "cidata";
    /** The most user-data a seed carries, in UTF-8 bytes: what the workspace service accepts. */
    public static final int MAX_USER_DATA_BYTES = 65_536;
    /** The tool that writes the image; nodes that deploy user-data need it installed. */
    public static final String TOOL = "xorriso";

    public NoCloudSeed {
        FileStorage.checkId(instanceId);
        if (hostname == null || !hostname.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("host name '" + hostname + "' is not a DNS label");
        }
        if (userData == null || userData.getBytes(StandardCharsets.UTF_8).length > MAX_USER_DATA_BYTES) {
            throw new IllegalArgumentException("user-data of workspace " + instanceId + " is missing or larger than "
                    + MAX_USER_DATA_BYTES + " bytes");
        }
    }

    /**
     * The seed of a workspace named {@code name} (null: its id), or null when {@code userData} is
     * null or empty.
     *
     * @throws IllegalArgumentException naming UserData, quoting its start, when it is larger than a seed takes
     */
    public static NoCloudSeed of(String workspaceId, String name, String userData) {
        if (userData == null || userData.isEmpty()) {
            return null;
        }
        // Three bytes at most per UTF-16 unit: shorter text fits without being encoded to find out.
        if (userData.length() > MAX_USER_DATA_BYTES / 3
                && userData.getBytes(StandardCharsets.UTF_8).length > MAX_USER_DATA_BYTES) {
            throw new IllegalArgumentException("UserData " + Quote.of(userData) + " of workspace " + workspaceId
                    + " is larger than a seed takes: at most " + MAX_USER_DATA_BYTES + " bytes in UTF-8");
        }
        return new NoCloudSeed(workspaceId, hostnameOf(name, workspaceId), userData);
    }

    /**
     * A DNS label made of a workspace's name: lower case, runs of anything else than letters and
     * digits as one hyphen, at most 63 characters; {@code agora-<id>} when nothing is left.
     */
    public static String hostnameOf(String name, String workspaceId) {
        String label = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+", "");
        label = label.length() > 63 ? label.substring(0, 63) : label;
        label = label.replaceAll("-+$", "");
        if (label.isEmpty()) {
            String id = workspaceId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
            label = ("agora-" + id).substring(0, Math.min(63, 6 + id.length())).replaceAll("-+$", "");
        }
        return label;
    }

    /** Whether this node can write seeds: {@value #TOOL} is installed. */
    public static boolean toolInstalled() {
        return ExternalCommand.available(TOOL);
    }

    /** The meta-data document: YAML, two keys, both values plain scalars by construction. */
    public String metaData() {
        return "instance-id: " + instanceId + "\nlocal-hostname: " + hostname + "\n";
    }

    /**
     * Writes the seed image to {@code iso} (a new file), staging its two files in a directory
     * beside it that is removed again; both lie in the workspace's storage, so whatever a crash
     * leaves is released with it.
     */
    void write(Path iso) throws StorageException, IOException {
        if (!toolInstalled()) {
            throw new StorageException("the NoCloud seed of workspace " + instanceId + " needs " + TOOL
                    + ", which is not installed on this node (Debian package " + TOOL + ")", null);
        }
        Path staging = iso.resolveSibling(iso.getFileName() + ".files");
        FileStorage.deleteTree(staging);
        Files.createDirectories(staging);
        try {
            Files.writeString(staging.resolve("meta-data"), metaData(), StandardCharsets.UTF_8);
            Files.writeString(staging.resolve("user-data"), userData, StandardCharsets.UTF_8);
            // Rock Ridge and Joliet as cloud-localds writes them: the names stay lower case with a hyphen.
            ExternalCommand.run(TOOL, "-as", "mkisofs", "-quiet", "-output", iso.toString(), "-volid", LABEL,
                    "-joliet", "-rock", staging.toString());
        } finally {
            FileStorage.deleteTree(staging);
        }
    }
}
