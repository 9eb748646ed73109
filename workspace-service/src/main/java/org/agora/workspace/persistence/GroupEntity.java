package org.agora.workspace.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code workspace_group}: a group made by one CreateGroup. */
@Entity
@Table(name = "workspace_group")
public class GroupEntity {
    @Id
    @Column(length = 36)
    String id;
    @Column(name = "owner_dn", nullable = false, length = 512)
    String ownerDn;
    @Column(nullable = false)
    int size;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected GroupEntity() {
    }
}
