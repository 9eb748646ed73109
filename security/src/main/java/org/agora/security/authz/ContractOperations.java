package org.agora.security.authz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.namespace.QName;

/**
 * Every operation of the port types Agora serves, each marked as one that only reads or one that
 * changes something (creates, controls, extends or destroys a workspace or group, subscribes,
 * moves credits, bids, registers hosts). This is the table {@link LimitedProxyPolicy} consults; an
 * operation or port type missing from it counts as changing, so an operation added to a contract
 * is refused to limited proxies until it is classified here. The deploy module's
 * {@code ContractOperationsTest} compares the table with the WSDL port types and fails until both
 * agree.
 *
 * <p>A second, shorter list names what a limited proxy relayed by a trusted compute element may do:
 * run a job's workspace from start to end (create it, with or without a bid; read its properties
 * and console; list the user's workspaces; destroy it). GRAM delegates limited proxies by default, and those few operations are
 * all a CE needs to act for its user.
 */
public final class ContractOperations {
    public static final String WORKSPACE_NS = "http://agora-grid.org/namespaces/2026/11/workspace";
    public static final String BANK_NS = "http://agora-grid.org/namespaces/2026/11/bank";
    public static final String MARKET_NS = "http://agora-grid.org/namespaces/2026/11/market";

    /** What one port type offers: operations that only read, and operations that change state. */
    public record PortType(Set<String> readOnly, Set<String> changing) {
        public PortType {
            readOnly = Set.copyOf(readOnly);
            changing = Set.copyOf(changing);
            for (String op : readOnly) {
                if (changing.contains(op)) {
                    throw new IllegalArgumentException(op + " is listed both as read-only and as changing");
                }
            }
        }

        /** Every operation classified, read-only or changing. */
        public Set<String> all() {
            java.util.Set<String> all = new java.util.TreeSet<>(readOnly);
            all.addAll(changing);
            return all;
        }
    }

    /** The port types of workspace.wsdl, bank.wsdl and market.wsdl, as agora-server publishes them. */
    public static final ContractOperations AGORA = new ContractOperations(agora(), Map.of(
            new QName(WORKSPACE_NS, "WorkspaceFactory"), Set.of("Create"),
            new QName(WORKSPACE_NS, "Workspace"), Set.of("GetResourcePropertyDocument", "GetResourceProperty",
                    "GetMultipleResourceProperties", "GetConsole", "Destroy"),
            // Its own workspaces only: how a CE's bridge finds a job's workspace again after a restart.
            new QName(WORKSPACE_NS, "WorkspaceStatus"), Set.of("ListWorkspaces")));

    private final Map<QName, PortType> portTypes;
    private final Map<QName, Set<String>> relayedLimited;

    /** A table whose limited proxies are never served beyond the operations that only read, relayed or not. */
    public ContractOperations(Map<QName, PortType> portTypes) {
        this(portTypes, Map.of());
    }

    /**
     * @param relayedLimited per port type, the operations a limited proxy relayed by a trusted CE
     *     may call, whether they read or change
     */
    public ContractOperations(Map<QName, PortType> portTypes, Map<QName, Set<String>> relayedLimited) {
        this.portTypes = Map.copyOf(portTypes);
        this.relayedLimited = Map.copyOf(relayedLimited);
    }

    /** Whether a limited proxy relayed by a trusted CE may call {@code operation} of {@code portType}. */
    public boolean relayableWithLimitedProxy(QName portType, String operation) {
        return relayedLimited.getOrDefault(portType, Set.of()).contains(operation);
    }

    /** The operations a relayed limited proxy may call, per port type. */
    public Map<QName, Set<String>> relayedLimited() {
        return relayedLimited;
    }

    /** Whether {@code operation} of {@code portType} is listed as one that only reads; false when not listed. */
    public boolean readsOnly(QName portType, String operation) {
        PortType p = portTypes.get(portType);
        return p != null && p.readOnly().contains(operation);
    }

    public Optional<PortType> portType(QName name) {
        return Optional.ofNullable(portTypes.get(name));
    }

    public Set<QName> portTypes() {
        return portTypes.keySet();
    }

    private static Map<QName, PortType> agora() {
        Map<QName, PortType> t = new LinkedHashMap<>();
        t.put(new QName(WORKSPACE_NS, "WorkspaceFactory"), new PortType(Set.of(),
                Set.of("Create", "CreateGroup")));
        t.put(new QName(WORKSPACE_NS, "Workspace"), new PortType(
                Set.of("GetResourcePropertyDocument", "GetResourceProperty", "GetMultipleResourceProperties",
                        "QueryResourceProperties", "GetConsole"),
                // Subscribe stores a subscription and makes the service send messages on the caller's behalf.
                Set.of("Start", "Shutdown", "Pause", "Reboot", "ShutdownSave", "Destroy", "SetTerminationTime",
                        "Subscribe")));
        t.put(new QName(WORKSPACE_NS, "SubscriptionManager"), new PortType(Set.of(),
                Set.of("Renew", "Unsubscribe")));
        t.put(new QName(WORKSPACE_NS, "WorkspaceGroup"), new PortType(Set.of("GetResourcePropertyDocument"),
                Set.of("Start", "Shutdown", "Pause", "Reboot", "Destroy")));
        t.put(new QName(WORKSPACE_NS, "WorkspaceStatus"), new PortType(
                Set.of("GetUsageRecords", "ListWorkspaces", "GetUsage"), Set.of()));
        // GetBalance and GetStatement open the caller's empty account on first use: bookkeeping, no credits move.
        t.put(new QName(BANK_NS, "Bank"), new PortType(Set.of("GetBalance", "GetStatement", "GetBankCertificate"),
                Set.of("Transfer", "Mint")));
        t.put(new QName(MARKET_NS, "Market"), new PortType(Set.of("ListHosts", "GetBid"),
                Set.of("PlaceBid", "AdjustBid", "TopUpBid", "CancelBid", "RegisterHost", "UnregisterHost")));
        return t;
    }
}
