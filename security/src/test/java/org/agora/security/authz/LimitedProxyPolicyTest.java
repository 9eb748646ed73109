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

    @ParameterizedTest
    @EnumSource(value = ProxyType.class, names = {"RFC3820_LIMITED", "DRAFT_LIMITED", "LEGACY_LIMITED"})
    void aLimitedProxyRelayedByATrustedCeMayRunAJobsWorkspaceAndNothingElse(ProxyType type) throws Exception {
        GridIdentity relayed = jane(type).withRelay("/DC=org/CN=host/ce.example.org");
        QName factory = new QName(ContractOperations.WORKSPACE_NS, "WorkspaceFactory");
        POLICY.permit(relayed, factory, "Create");
        for (String op : new String[] {"GetResourcePropertyDocument", "GetResourceProperty",
                "GetMultipleResourceProperties", "GetConsole", "Destroy"}) {
            POLICY.permit(relayed, WORKSPACE, op);
        }
        // Its own workspaces, so the CE's bridge can find a job's workspace again after a restart.
        POLICY.permit(relayed, new QName(ContractOperations.WORKSPACE_NS, "WorkspaceStatus"), "ListWorkspaces");
        // Nothing that changes a workspace beyond ending it, and no subscriptions.
        for (String op : new String[] {"Pause", "Start", "SetTerminationTime", "Subscribe"}) {
            AccessDeniedException refused = assertThrows(AccessDeniedException.class,
                    () -> POLICY.permit(relayed, WORKSPACE, op));
            assertTrue(refused.getMessage().contains("limited proxy relayed by a compute element")
                    && refused.getMessage().contains("/DC=org/CN=host/ce.example.org")
                    && refused.getMessage().contains(op), refused.getMessage());
        }
        assertThrows(AccessDeniedException.class, () -> POLICY.permit(relayed, factory, "CreateGroup"));
        // Not even the reads a limited proxy may make over its own connection, beyond its job's.
        assertThrows(AccessDeniedException.class, () -> POLICY.permit(relayed,
                new QName(ContractOperations.WORKSPACE_NS, "WorkspaceStatus"), "GetUsageRecords"));
        assertThrows(AccessDeniedException.class,
                () -> POLICY.permit(relayed, new QName(ContractOperations.BANK_NS, "Bank"), "Transfer"));
        // The same limited proxy over its own connection still may not create anything.
        assertThrows(AccessDeniedException.class, () -> POLICY.permit(jane(type), factory, "Create"));
    }

    @ParameterizedTest
    @EnumSource(value = ProxyType.class, names = {"END_ENTITY", "RFC3820_IMPERSONATION", "LEGACY_FULL"})
    void aFullProxyRelayedByATrustedCeMayDoWhatItsUserMay(ProxyType type) {
        GridIdentity relayed = jane(type).withRelay("/DC=org/CN=host/ce.example.org");
        assertDoesNotThrow(() -> POLICY.permit(relayed, WORKSPACE, "Pause"));
        assertDoesNotThrow(() -> POLICY.permit(relayed, new QName(ContractOperations.BANK_NS, "Bank"), "Transfer"));
    }
}
