package org.agora.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsSchemaTest {
    static final Setting<Integer> PORT = Setting.integer("agora.port", 8443, 1, 65535, "TLS port.");
    static final Setting<String> MODE = Setting.oneOf("agora.mode", "demo", Set.of("demo", "production"), "Mode.");
    static final Setting<Duration> LIFETIME = Setting.duration("agora.lifetime", Duration.ofHours(12),
            Duration.ofMinutes(1), Duration.ofDays(30), "Maximum lifetime.");
    static final Setting<String> NAME = Setting.text("agora.site", null, "Site name.").required();
    static final SettingsSchema SCHEMA = new SettingsSchema("agora-test", List.of(PORT, MODE, LIFETIME, NAME));

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path file = dir.resolve("agora.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsTypedValuesAndFallsBackToDefaults() throws Exception {
        Settings settings = SCHEMA.load(write("# comment\nagora.site = CERN\nagora.lifetime = 2h\n"));
        assertEquals("CERN", settings.get(NAME));
        assertEquals(Duration.ofHours(2), settings.get(LIFETIME));
        assertEquals(8443, settings.get(PORT));
        assertTrue(settings.isSet(NAME));
        assertFalse(settings.isSet(PORT));
    }

    @Test
    void listItemsSplitAtAnyOfTheirSeparatorsAndABadItemIsNamedWithItsLine() throws Exception {
        Setting<String> sites = Setting.list("agora.sites", ",;", "a slash DN", v -> v.startsWith("/"), "Sites.");
        SettingsSchema schema = new SettingsSchema("agora-test", List.of(sites));
        Settings ok = schema.load(write("agora.sites = /CN=a, /CN=b;/CN=c ;\n"));
        assertEquals(List.of("/CN=a", "/CN=b", "/CN=c"), Settings.items(ok.get(sites), ",;"));

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> schema.load(write("\nagora.sites = /CN=a; CN=b\n")));
        assertTrue(e.getMessage().contains("line 2: agora.sites = '/CN=a; CN=b' is not valid; allowed: each item a slash DN, "
                + "items separated by any of ',;' ('CN=b' is not a slash DN)"), e.getMessage());
    }

    @Test
    void unknownKeyIsNamedWithItsLineAndNearestKnownKey() throws Exception {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SCHEMA.load(write("agora.site = x\n\nagora.prot = 99\n")));
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().contains("line 3: unknown key agora.prot (did you mean agora.port?)"), e.getMessage());
    }

    @Test
    void outOfRangeValueNamesKeyLineAndAllowedRange() throws Exception {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SCHEMA.load(write("agora.site = x\nagora.port = 70000\nagora.mode = test\n")));
        assertEquals(2, e.problems().size());
        assertTrue(e.getMessage().contains("line 2: agora.port = '70000' is not valid; allowed: a whole number from 1 to 65535"),
                e.getMessage());
        assertTrue(e.getMessage().contains("line 3: agora.mode = 'test' is not valid; allowed: one of demo, production"),
                e.getMessage());
    }

    @Test
    void aValueItsOwnParserRefusesIsNamedWithKeyLineAndAllowedForm() throws Exception {
        Setting<Integer> even = Setting.parsed("agora.even", null, "an even whole number", "Even.", v -> {
            int n = Integer.parseInt(v);
            if (n % 2 != 0) {
                throw new IllegalArgumentException(v + " is odd");
            }
            return n;
        });
        SettingsSchema schema = new SettingsSchema("agora-test", List.of(even));
        assertEquals(4, schema.load(write("agora.even = 4\n")).get(even));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> schema.load(write("\nagora.even = 3\n")));
        assertTrue(e.getMessage().contains("line 2: agora.even = '3' is not valid; allowed: an even whole number"),
                e.getMessage());
    }

    @Test
    void missingRequiredKeyIsReported() throws Exception {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SCHEMA.load(write("agora.port=1\n")));
        assertTrue(e.getMessage().contains("agora.site is required"), e.getMessage());
    }

    @Test
    void duplicateKeyAndMalformedLineAreRefused() throws Exception {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SCHEMA.load(write("agora.site = a\nagora.site = b\njust words\n")));
        assertTrue(e.getMessage().contains("line 2: key agora.site is set again (first set on line 1)"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3: expected 'key = value'"), e.getMessage());
    }

    @Test
    void missingFileSaysWhatToDo() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SCHEMA.load(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("copy the commented sample"), e.getMessage());
    }

    @Test
    void sampleDocumentsEveryKeyAndLoadsBackAsDefaults() throws Exception {
        String sample = SCHEMA.sample();
        for (Setting<?> s : SCHEMA.settings()) {
            assertTrue(sample.contains(s.key() + " = "), s.key());
            assertTrue(sample.contains("Allowed: " + s.allowed()), s.key());
        }
        // The only uncommented line is the required key, left empty for the admin to fill in.
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SCHEMA.load(write(sample)));
        assertTrue(e.getMessage().contains("agora.site is required"));
        Settings filled = SCHEMA.load(write(sample.replace("agora.site = \n", "agora.site = CERN\n")));
        assertEquals(Duration.ofHours(12), filled.get(LIFETIME));
    }
}
