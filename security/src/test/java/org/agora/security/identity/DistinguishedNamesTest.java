package org.agora.security.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DistinguishedNamesTest {
    @Test
    void slashNamesSurviveARoundTripIncludingHostNamesWithSlashes() {
        for (String dn : new String[] {"/DC=org/DC=agora-demo/CN=Demo User", "/C=DE/O=GermanGrid/OU=DESY/CN=host/wn01.desy.de",
            "/O=Grid/OU=Site/CN=Jane Doe/emailAddress=jane@example.org"}) {
            assertEquals(dn, DistinguishedNames.toSlash(DistinguishedNames.fromSlash(dn)));
        }
    }

    @Test
    void aNameNotInSlashFormIsRefusedWithAnExample() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistinguishedNames.fromSlash("CN=Jane,O=Grid"));
        assertEquals(true, e.getMessage().contains("/DC=org/DC=example/CN=Jane Doe"));
    }
}
