package org.agora.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key one component's configuration file may hold. Reading a file against the schema
 * either yields {@link Settings} or fails with every problem at once, each naming its line.
 */
public final class SettingsSchema {
    private final String component;
    private final Map<String, Setting<?>> settings = new LinkedHashMap<>();

    public SettingsSchema(String component, List<Setting<?>> settings) {
        this.component = component;
        for (Setting<?> s : settings) {
            if (this.settings.put(s.key(), s) != null) {
                throw new IllegalArgumentException("setting " + s.key() + " declared twice in " + component);
            }
        }
    }

    public String component() {
        return component;
    }

    public List<Setting<?>> settings() {
        return List.copyOf(settings.values());
    }

    /** Reads and validates a properties file (UTF-8, {@code key = value}, {@code #} comments). */
    public Settings load(Path file) throws ConfigurationException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(file.toString(),
                    List.of("no such file; copy the commented sample for " + component + " and edit it"));
        } catch (IOException e) {
            throw new ConfigurationException(file.toString(), List.of("cannot be read: " + e.getMessage()));
        }
        return validate(file.toString(), parse(file.toString(), lines));
    }

    /** Validates values that come from somewhere other than a file (tests, the demo's defaults). */
    public Settings fromMap(String source, Map<String, String> values) throws ConfigurationException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        values.forEach((k, v) -> entries.put(k, new Entry(k, v, source + " key " + k)));
        return validate(source, entries);
    }

    /** Defaults only; fails if any setting is required. */
    public Settings defaults() throws ConfigurationException {
        return fromMap("defaults", Collections.emptyMap());
    }

    /** The commented sample file an admin starts from: every key, its meaning, allowed values, default. */
    public String sample() {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(component).append(" configuration.\n")
           .append("# Every key is listed with its default; uncomment to change it.\n")
           .append("# Unknown keys and invalid values stop start-up with the line named.\n");
        for (Setting<?> s : settings.values()) {
            out.append('\n');
            for (String line : wrap(s.description(), 96)) {
                out.append("# ").append(line).append('\n');
            }
            out.append("# Allowed: ").append(s.allowed()).append(s.isRequired() ? " (required)" : "").append('\n');
            Object def = s.defaultValue();
            out.append(s.isRequired() ? "" : "#").append(s.key()).append(" = ")
               .append(def == null ? "" : def).append('\n');
        }
        return out.toString();
    }

    private record Entry(String key, String value, String where) {
    }

    private static Map<String, Entry> parse(String source, List<String> lines) throws ConfigurationException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = "line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add(where + ": expected 'key = value', found '" + line + "'");
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            Entry previous = entries.put(key, new Entry(key, value, where));
            if (previous != null) {
                problems.add(where + ": key " + key + " is set again (first set on " + previous.where() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(source, problems);
        }
        return entries;
    }

    private Settings validate(String source, Map<String, Entry> entries) throws ConfigurationException {
        List<String> problems = new ArrayList<>();
        Map<String, Object> values = new HashMap<>();
        for (Entry e : entries.values()) {
            Setting<?> setting = settings.get(e.key());
            if (setting == null) {
                problems.add(e.where() + ": unknown key " + e.key() + nearest(e.key()));
                continue;
            }
            if (e.value().isEmpty()) {
                continue;
            }
            try {
                values.put(e.key(), setting.parse(e.value()));
            } catch (Setting.InvalidValue invalid) {
                problems.add(e.where() + ": " + e.key() + " = '" + e.value() + "' is not valid; allowed: "
                        + invalid.getMessage());
            }
        }
        for (Setting<?> s : settings.values()) {
            if (s.isRequired() && !values.containsKey(s.key())) {
                problems.add(s.key() + " is required (" + s.description() + "); allowed: " + s.allowed());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(source, problems);
        }
        return new Settings(source, values);
    }

    private String nearest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : settings.keySet()) {
            int d = editDistance(key, known);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean " + best + "?)"
                : "; known keys for " + component + " start with " + commonPrefix();
    }

    private String commonPrefix() {
        return settings.keySet().stream().findFirst().map(k -> k.contains(".")
                ? k.substring(0, k.indexOf('.') + 1) : k).orElse("");
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (line.length() > 0 && line.length() + word.length() + 1 > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Writes {@link #sample()} to a file. */
    public void writeSample(Path file) {
        try {
            Files.writeString(file, sample(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sample configuration " + file, e);
        }
    }
}
