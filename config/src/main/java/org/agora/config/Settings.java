package org.agora.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The validated values of one configuration file. Immutable. */
public final class Settings {
    private final String source;
    private final Map<String, Object> values;

    Settings(String source, Map<String, Object> values) {
        this.source = source;
        this.values = Map.copyOf(values);
    }

    /** The value given in the file, else the setting's default (null when it has none). */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object value = values.get(setting.key());
        return value != null ? (T) value : setting.defaultValue();
    }

    /** The value, when the file or the default gives one. */
    public <T> Optional<T> find(Setting<T> setting) {
        return Optional.ofNullable(get(setting));
    }

    /** True when the file itself sets this key (not just the default). */
    public boolean isSet(Setting<?> setting) {
        return values.containsKey(setting.key());
    }

    /** Where these settings came from: a file path or "defaults". */
    public String source() {
        return source;
    }

    /**
     * The items of a list-valued setting, split at any character of {@code separators} (one, as in
     * {@code ";"}, or several, as in {@code ",;"}), trimmed, blanks dropped.
     */
    public static List<String> items(String value, String separators) {
        return value == null ? List.of()
                : Arrays.stream(value.split("[" + Pattern.quote(separators) + "]")).map(String::strip)
                        .filter(v -> !v.isEmpty()).toList();
    }
}
