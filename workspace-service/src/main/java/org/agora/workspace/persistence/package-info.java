/**
 * Workspaces in MariaDB through Hibernate. The schema comes only from the versioned migrations in
 * {@code db/migration/workspace}; Hibernate validates against it and never alters it.
 * Every state change is written together with its history row in one transaction.
 */
package org.agora.workspace.persistence;
