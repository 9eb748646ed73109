package org.agora.deploy.check;

/**
 * One line of a {@code --check-config} report.
 *
 * @param ok whether this part of the configuration is usable
 * @param topic what was tried, in one word (credential, database, node …)
 * @param detail what was found; on failure, the setting to change and how
 */
public record Finding(boolean ok, String topic, String detail) {
}
