package org.agora.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One documented key of a configuration file: its type, default, allowed values and the sentence
 * that goes into the commented sample file.
 *
 * @param <T> the Java type the text is parsed into
 */
public final class Setting<T> {

    /** Thrown by a parser; the message says what would have been accepted. */
    static final class InvalidValue extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidValue(String allowed) {
            super(allowed);
        }
    }

    private final String key;
    private final T defaultValue;
    private final boolean required;
    private final String allowed;
    private final String description;
    private final Function<String, T> parser;

    private Setting(String key, T defaultValue, boolean required, String allowed, String description,
                    Function<String, T> parser) {
        this.key = Objects.requireNonNull(key, "key");
        this.defaultValue = defaultValue;
        this.required = required;
        this.allowed = Objects.requireNonNull(allowed, "allowed");
        this.description = Objects.requireNonNull(description, "description");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** Free text; an empty value counts as unset. */
    public static Setting<String> text(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, false, "any text", description, v -> v);
    }

    /** A whole number within [min, max]. */
    public static Setting<Integer> integer(String key, Integer defaultValue, int min, int max, String description) {
        String allowed = "a whole number from " + min + " to " + max;
        return new Setting<>(key, defaultValue, false, allowed, description, v -> {
            try {
                int parsed = Integer.parseInt(v);
                if (parsed < min || parsed > max) {
                    throw new InvalidValue(allowed);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new InvalidValue(allowed);
            }
        });
    }

    /** true or false. */
    public static Setting<Boolean> bool(String key, Boolean defaultValue, String description) {
        return new Setting<>(key, defaultValue, false, "true or false", description, v -> {
            switch (v.toLowerCase(Locale.ROOT)) {
                case "true": return true;
                case "false": return false;
                default: throw new InvalidValue("true or false");
            }
        });
    }

    /** One of a fixed set of words (compared case-sensitively, as written in the docs). */
    public static Setting<String> oneOf(String key, String defaultValue, Set<String> choices, String description) {
        String allowed = "one of " + String.join(", ", new TreeSet<>(choices));
        return new Setting<>(key, defaultValue, false, allowed, description, v -> {
            if (!choices.contains(v)) {
                throw new InvalidValue(allowed);
            }
            return v;
        });
    }

    /**
     * A list kept as text: items separated by any of {@code separators}, each of which must pass
     * {@code item}, so a wrong one stops start-up with its line named. Split it with
     * {@link Settings#items(String, String)} using the same separators.
     *
     * @param itemAllowed what one item must be, as a phrase ("a grid DN in slash form")
     */
    public static Setting<String> list(String key, String separators, String itemAllowed,
                                       java.util.function.Predicate<String> item, String description) {
        String allowed = "each item " + itemAllowed + ", items separated by any of '" + separators + "'";
        return new Setting<>(key, null, false, allowed, description, v -> {
            for (String one : Settings.items(v, separators)) {
                if (!item.test(one)) {
                    throw new InvalidValue(allowed + " ('" + one + "' is not " + itemAllowed + ")");
                }
            }
            return v;
        });
    }

    /**
     * A value with a grammar of its own, read by {@code parser}; the parser rejects text by throwing
     * {@link IllegalArgumentException}, and start-up then names the key, its line and {@code allowed}.
     */
    public static <T> Setting<T> parsed(String key, T defaultValue, String allowed, String description,
                                        Function<String, T> parser) {
        Objects.requireNonNull(parser, "parser");
        return new Setting<>(key, defaultValue, false, allowed, description, v -> {
            try {
                return parser.apply(v);
            } catch (IllegalArgumentException e) {
                throw new InvalidValue(allowed);
            }
        });
    }

    /** A file system path; relative paths are kept relative (resolved by the caller). */
    public static Setting<Path> path(String key, Path defaultValue, String description) {
        return new Setting<>(key, defaultValue, false, "a file system path", description, v -> {
            try {
                return Path.of(v);
            } catch (RuntimeException e) {
                throw new InvalidValue("a file system path");
            }
        });
    }

    /** A duration in ISO-8601 form (PT30S, PT12H) or a number with a unit: 30s, 15m, 12h, 7d. */
    public static Setting<Duration> duration(String key, Duration defaultValue, Duration min, Duration max,
                                             String description) {
        String allowed = "a duration such as 30s, 15m, 12h, 7d or PT12H, from " + min + " to " + max;
        return new Setting<>(key, defaultValue, false, allowed, description, v -> {
            Duration parsed = parseDuration(v, allowed);
            if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
                throw new InvalidValue(allowed);
            }
            return parsed;
        });
    }

    private static Duration parseDuration(String v, String allowed) {
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 's': return Duration.ofSeconds(amount);
                case 'm': return Duration.ofMinutes(amount);
                case 'h': return Duration.ofHours(amount);
                case 'd': return Duration.ofDays(amount);
                default: throw new InvalidValue(allowed);
            }
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new InvalidValue(allowed);
        }
    }

    /** The same setting, but start-up fails when it is absent. */
    public Setting<T> required() {
        return new Setting<>(key, null, true, allowed, description, parser);
    }

    public String key() {
        return key;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public boolean isRequired() {
        return required;
    }

    /** What values are accepted, as a phrase ("a whole number from 1 to 65535"). */
    public String allowed() {
        return allowed;
    }

    public String description() {
        return description;
    }

    T parse(String text) {
        return parser.apply(text);
    }
}
