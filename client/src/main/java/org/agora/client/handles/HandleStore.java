package org.agora.client.handles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import org.agora.client.workspace.EndpointReferences;
import org.agora.contract.addressing.EndpointReferenceType;

/**
 * EPRs by handle: one {@code ws-NNN.epr} file per workspace (or {@code grp-NNN.epr} per group),
 * holding the EPR's XML (a wsa:EndpointReference element; files written through JAX-WS's
 * W3CEndpointReference are the same element and read alike).
 */
public final class HandleStore {
    private static final String SUFFIX = ".epr";

    private final Path directory;
    private final String prefix;
    private final Pattern handlePattern;

    public HandleStore(Path directory) {
        this(directory, "ws");
    }

    /** @param prefix what handles start with: ws for workspaces, grp for groups */
    public HandleStore(Path directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
        this.handlePattern = Pattern.compile(Pattern.quote(prefix) + "-(\\d{3,})");
    }

    /** {@code $AGORA_HOME/groups}, or {@code ~/.agora/groups}: handles grp-001, ... */
    public static HandleStore groupsForUser(Map<String, String> env, Path home) {
        return new HandleStore(forUser(env, home).directory().resolveSibling("groups"), "grp");
    }

    /** {@code $AGORA_HOME/workspaces}, or {@code ~/.agora/workspaces}. */
    public static HandleStore forUser(Map<String, String> env, Path home) {
        String agoraHome = env.get("AGORA_HOME");
        Path base = agoraHome != null && !agoraHome.isBlank() ? Path.of(agoraHome) : home.resolve(".agora");
        return new HandleStore(base.resolve("workspaces"));
    }

    public Path directory() {
        return directory;
    }

    /** Stores the EPR under the next free handle and returns the handle. */
    public String remember(EndpointReferenceType epr) throws HandleException {
        try {
            Files.createDirectories(directory);
            for (int n = highest() + 1; ; n++) {
                String handle = String.format("%s-%03d", prefix, n);
                try (OutputStream out = Files.newOutputStream(fileOf(handle), java.nio.file.StandardOpenOption.CREATE_NEW)) {
                    EndpointReferences.write(epr, new StreamResult(out));
                    return handle;
                } catch (FileAlreadyExistsException takenMeanwhile) {
                    // Another agora command took this handle at the same moment: try the next.
                }
            }
        } catch (IOException e) {
            throw new HandleException("cannot store the workspace's EPR in " + directory + ": " + e.getMessage()
                    + "; check the directory is writable (or set AGORA_HOME)");
        }
    }

    /** The EPR for a handle ({@code ws-001}), a workspace id, or the path of an EPR file. */
    public EndpointReferenceType resolve(String reference) throws HandleException {
        if (handlePattern.matcher(reference).matches()) {
            Path file = fileOf(reference);
            if (!Files.exists(file)) {
                throw new HandleException("no workspace handle " + reference + " in " + directory
                        + "; 'agora workspace list' shows your workspaces");
            }
            return read(file);
        }
        Path asFile = Path.of(reference);
        if (Files.isRegularFile(asFile)) {
            return read(asFile);
        }
        for (Map.Entry<String, EndpointReferenceType> e : all().entrySet()) {
            if (EndpointReferences.workspaceId(e.getValue()).map(reference::equals).orElse(false)) {
                return e.getValue();
            }
        }
        throw new HandleException("'" + reference + "' is neither a handle (ws-001), a workspace id created from "
                + "this account, nor an EPR file; 'agora workspace list' shows your workspaces");
    }

    /** The handle a workspace id is stored under, if any. */
    public Optional<String> handleOf(String workspaceId) throws HandleException {
        return all().entrySet().stream()
                .filter(e -> EndpointReferences.workspaceId(e.getValue()).map(workspaceId::equals).orElse(false))
                .map(Map.Entry::getKey).findFirst();
    }

    /** Forgets a handle; forgetting one that is not there is fine. */
    public void forget(String handle) throws HandleException {
        try {
            Files.deleteIfExists(fileOf(handle));
        } catch (IOException e) {
            throw new HandleException("cannot remove " + fileOf(handle) + ": " + e.getMessage());
        }
    }

    /** Every stored handle and its EPR, in handle order. */
    public Map<String, EndpointReferenceType> all() throws HandleException {
        Map<String, EndpointReferenceType> found = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "-*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                found.put(name.substring(0, name.length() - SUFFIX.length()), read(f));
            }
        } catch (IOException e) {
            throw new HandleException("cannot read " + directory + ": " + e.getMessage());
        }
        return found;
    }

    private int highest() throws HandleException {
        int max = 0;
        for (String handle : all().keySet()) {
            Matcher m = handlePattern.matcher(handle);
            if (m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max;
    }

    private Path fileOf(String handle) {
        return directory.resolve(handle + SUFFIX);
    }

    private static EndpointReferenceType read(Path file) throws HandleException {
        try {
            return EndpointReferences.read(new StreamSource(file.toFile()));
        } catch (RuntimeException e) {
            throw new HandleException(file + " does not hold an endpoint reference: " + e.getMessage());
        }
    }
}
