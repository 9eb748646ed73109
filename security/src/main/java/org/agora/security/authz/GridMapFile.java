package org.agora.security.authz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A grid-mapfile: lines {@code "<DN or FQAN>" account[,account…]}, {@code #} comments. A leading
 * dot on an account names a pool. Parsed whole; a malformed line is an error naming its number.
 */
public final class GridMapFile {
    private final Path file;
    private final Map<String, List<String>> entries;

    private GridMapFile(Path file, Map<String, List<String>> entries) {
        this.file = file;
        this.entries = entries;
    }

    public static GridMapFile parse(Path file) throws IOException {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith("\"")) {
                throw new IOException(file + " line " + (n + 1) + ": expected \"<DN>\" account, found: " + line);
            }
            int close = line.indexOf('"', 1);
            if (close < 0) {
                throw new IOException(file + " line " + (n + 1) + ": the quoted DN is not closed: " + line);
            }
            String key = line.substring(1, close).strip();
            String rest = line.substring(close + 1).strip();
            List<String> accounts = rest.isEmpty() ? List.of()
                    : Arrays.stream(rest.split(",")).map(String::strip).filter(a -> !a.isEmpty()).toList();
            entries.merge(key, accounts, (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
        }
        return new GridMapFile(file, Map.copyOf(entries));
    }

    /** The accounts mapped to {@code key} (a slash-form DN or an FQAN), if it is listed. */
    public Optional<List<String>> accountsFor(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    public Path file() {
        return file;
    }

    public int size() {
        return entries.size();
    }
}
