package org.agora.security.authz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import org.agora.security.identity.GridIdentity;
import org.agora.security.identity.ProxyType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LimitedProxyPolicyTest {
    private static final QName WORKSPACE = new QName(ContractOperations.WORKSPACE_NS, "Workspace");
    private static final LimitedProxyPolicy POLICY = new LimitedProxyPolicy(ContractOperations.AGORA);

    private static GridIdentity jane(ProxyType type) {
        return new GridIdentity("/DC=org/CN=Jane", "CN=Jane,DC=org", type);
    }

    @ParameterizedTest
    @EnumSource(value = ProxyType.class, names = {"RFC3820_LIMITED", "DRAFT_LIMITED", "LEGACY_LIMITED"})
    void everyKindOfLimitedProxyMayReadButNotChange(ProxyType type) throws Exception {
        POLICY.permit(jane(type), WORKSPACE, "GetResourcePropertyDocument");
        POLICY.permit(jane(type), new QName(ContractOperations.BANK_NS, "Bank"), "GetBalance");
        AccessDeniedException refused = assertThrows(AccessDeniedException.class,
                () -> POLICY.permit(jane(type), WORKSPACE, "Destroy"));
        String m = refused.getMessage();
        assertTrue(m.contains("limited proxy") && m.contains("Destroy") && m.contains("/DC=org/CN=Jane")
                && m.contains(type.description()) && m.contains("use a full proxy"), m);
        assertThrows(AccessDeniedException.class,
                () -> POLICY.permit(jane(type), new QName(ContractOperations.BANK_NS, "Bank"), "Transfer"));
    }

    @ParameterizedTest
    @EnumSource(value = ProxyType.class, names = {"RFC3820_LIMITED", "DRAFT_LIMITED", "LEGACY_LIMITED"})
    void anOperationOrPortTypeNotInTheTableIsRefusedToLimitedProxies(ProxyType type) {
        assertThrows(AccessDeniedException.class, () -> POLICY.permit(jane(type), WORKSPACE, "Migrate"));
        assertThrows(AccessDeniedException.class,
                () -> POLICY.permit(jane(type), new QName(ContractOperations.WORKSPACE_NS, "Images"), "ListImages"));
        // The same local name on another port type is another operation.
        LimitedProxyPolicy narrow = new LimitedProxyPolicy(new ContractOperations(Map.of(WORKSPACE,
                new ContractOperations.PortType(Set.of("GetResourcePropertyDocument"), Set.of()))));
        assertThrows(AccessDeniedException.class, () -> narrow.permit(jane(type),
                new QName(ContractOperations.WORKSPACE_NS, "WorkspaceGroup"), "GetResourcePropertyDocument"));
    }

    @ParameterizedTest
    @EnumSource(value = ProxyType.class, names = {"END_ENTITY", "RFC3820_IMPERSONATION", "RFC3820_INDEPENDENT",
        "DRAFT_IMPERSONATION", "LEGACY_FULL"})
    void fullProxiesAndCertificatesAreNotHeldBack(ProxyType type) {
        assertDoesNotThrow(() -> POLICY.permit(jane(type), WORKSPACE, "Destroy"));
        assertDoesNotThrow(() -> POLICY.permit(jane(type), WORKSPACE, "Migrate"));
    }
}
