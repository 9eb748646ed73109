package org.agora.database;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "probe")
public class ProbeEntity {
    @Id
    Long id;
    String label;

    protected ProbeEntity() {
    }

    ProbeEntity(long id, String label) {
        this.id = id;
        this.label = label;
    }
}
