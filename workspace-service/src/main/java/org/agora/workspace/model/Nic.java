package org.agora.workspace.model;

/**
 * A network interface asked for: the site network it joins, and optionally its MAC and IPv4
 * address (null: the site assigns them).
 */
public record Nic(String network, String mac, String ip) {
}
