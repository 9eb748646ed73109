package org.agora.database;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Maps a column the migration never created: validation must refuse it. */
@Entity
@Table(name = "probe")
public class MismatchedEntity {
    @Id
    Long id;
    String colour;
}
