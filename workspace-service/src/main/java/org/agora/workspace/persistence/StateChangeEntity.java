package org.agora.workspace.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.agora.workspace.model.WorkspaceState;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code workspace_state_change}: one transition, when, and why. Append-only. */
@Entity
@Table(name = "workspace_state_change")
public class StateChangeEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "workspace_id", nullable = false, length = 36)
    String workspaceId;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "from_state", length = 16)
    WorkspaceState fromState;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "to_state", nullable = false, length = 16)
    WorkspaceState toState;
    @Column(name = "changed_at", nullable = false)
    Instant changedAt;
    @Column(length = 1024)
    String cause;

    protected StateChangeEntity() {
    }

    StateChangeEntity(String workspaceId, WorkspaceState from, WorkspaceState to, Instant at, String cause) {
        this.workspaceId = workspaceId;
        this.fromState = from;
        this.toState = to;
        this.changedAt = at;
        this.cause = cause;
    }
}
