package org.agora.security.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.junit.jupiter.api.Test;

class TrustedComputeElementsTest {
    private static final String CA = "/DC=org/DC=example/CN=Test CA";

    @Test
    void aListedHostCertificateIsTheCeButAProxyOfItIsNot() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(CA, Duration.ofDays(1));
        GridCredential ce = ca.issueHost("ce.example.org", Duration.ofDays(1));
        String ceDn = ce.identity().dn();
        TrustedComputeElements trusted = new TrustedComputeElements(Set.of(ceDn));

        assertEquals(Optional.of(ceDn), trusted.relayingCe(ce.chain()));
        for (ProxyType type : new ProxyType[] {ProxyType.RFC3820_IMPERSONATION, ProxyType.LEGACY_FULL}) {
            X509Certificate[] proxyChain = ProxyFactory.createProxy(ce, Duration.ofHours(1), type, 2048).chain();
            assertEquals(Optional.empty(), trusted.relayingCe(proxyChain), type.name());
        }
        GridCredential other = ca.issueHost("other.example.org", Duration.ofDays(1));
        assertEquals(Optional.empty(), trusted.relayingCe(other.chain()));
        assertEquals(Optional.empty(), TrustedComputeElements.NONE.relayingCe(ce.chain()));
    }

    @Test
    void aProxySubjectOrSomethingThatIsNoDnIsRefusedAsAValue() {
        for (String proxy : new String[] {"/DC=org/DC=example/CN=Jane/CN=123456789",
            "/DC=org/DC=example/CN=Jane/CN=proxy", "/DC=org/DC=example/CN=Jane/CN=limited proxy"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> new TrustedComputeElements(Set.of(proxy)));
            assertTrue(refused.getMessage().contains("proxy certificate") && refused.getMessage().contains(proxy),
                    refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new TrustedComputeElements(Set.of("CN=host,DC=org")));
        assertNull(TrustedComputeElements.problemWith("/DC=org/DC=example/CN=host/ce.example.org"));
    }
}
