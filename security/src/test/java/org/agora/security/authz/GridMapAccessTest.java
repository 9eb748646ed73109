package org.agora.security.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.agora.security.identity.GridIdentity;
import org.agora.security.identity.ProxyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridMapAccessTest {
    @TempDir
    Path dir;

    private static GridIdentity user(String dn, String... fqans) {
        return new GridIdentity(dn, "-", ProxyType.RFC3820_IMPERSONATION, List.of(fqans));
    }

    @Test
    void theGridMapFileIsReadAsGridToolsWriteIt() throws Exception {
        Path file = dir.resolve("grid-mapfile");
        Files.writeString(file, """
                # site users
                "/DC=org/DC=example/CN=Jane Doe" jane
                "/C=DE/O=GermanGrid/OU=DESY/CN=Hans Meier" .desy,hans

                "/atlas/Role=production" .atlasprd
                """);
        GridMapFile map = GridMapFile.parse(file);
        assertEquals(Optional.of(List.of("jane")), map.accountsFor("/DC=org/DC=example/CN=Jane Doe"));
        assertEquals(Optional.of(List.of(".desy", "hans")), map.accountsFor("/C=DE/O=GermanGrid/OU=DESY/CN=Hans Meier"));
        assertTrue(map.contains("/atlas/Role=production"));
        assertEquals(3, map.size());
    }

    @Test
    void aMalformedLineIsNamedByNumber() throws Exception {
        Path file = dir.resolve("grid-mapfile");
        Files.writeString(file, "\"/DC=org/CN=A\" a\n/DC=org/CN=B b\n");
        IOException e = assertThrows(IOException.class, () -> GridMapFile.parse(file));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void listedDnsAndFqansAreAdmittedOthersAreToldWhatToDo() throws Exception {
        Path file = dir.resolve("grid-mapfile");
        Files.writeString(file, "\"/DC=org/CN=Jane\" jane\n\"/atlas/Role=production\" .atlasprd\n");
        GridMapAccess access = new GridMapAccess(file, List.of("/cms"));
        access.admit(user("/DC=org/CN=Jane"));
        access.admit(user("/DC=org/CN=Prod", "/atlas/Role=production/Capability=NULL"));
        access.admit(user("/DC=org/CN=Physicist", "/cms/higgs/Role=NULL/Capability=NULL"));
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> access.admit(user("/DC=org/CN=Mallory", "/atlas/Role=NULL/Capability=NULL")));
        assertTrue(e.getMessage().contains("/DC=org/CN=Mallory is not admitted")
                && e.getMessage().contains("administrators"), e.getMessage());
    }

    @Test
    void anEditedGridMapFileTakesEffectWithoutARestartAndABrokenEditKeepsTheLastGoodOne() throws Exception {
        Path file = dir.resolve("grid-mapfile");
        Files.writeString(file, "\"/DC=org/CN=Jane\" jane\n");
        GridMapAccess access = new GridMapAccess(file, List.of());
        assertThrows(AccessDeniedException.class, () -> access.admit(user("/DC=org/CN=Newcomer")));
        Files.writeString(file, "\"/DC=org/CN=Jane\" jane\n\"/DC=org/CN=Newcomer\" new\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        access.admit(user("/DC=org/CN=Newcomer"));
        Files.writeString(file, "broken line\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        access.admit(user("/DC=org/CN=Newcomer"));
    }

    @Test
    void fqanMatchingKnowsGroupsAndRoles() {
        assertTrue(Fqans.satisfies("/atlas/Role=NULL/Capability=NULL", "/atlas"));
        assertTrue(Fqans.satisfies("/atlas/higgs", "/atlas"));
        assertFalse(Fqans.satisfies("/atlasx", "/atlas"));
        assertTrue(Fqans.satisfies("/atlas/Role=production", "/atlas/Role=production"));
        assertFalse(Fqans.satisfies("/atlas/Role=NULL", "/atlas/Role=production"));
    }
}
