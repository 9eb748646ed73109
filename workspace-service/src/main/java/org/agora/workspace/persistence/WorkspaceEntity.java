package org.agora.workspace.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.agora.workspace.model.Nic;
import org.agora.workspace.model.Platform;
import org.agora.workspace.model.ShutdownMechanism;
import org.agora.workspace.model.WorkspaceState;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code workspace}. Mutable only inside {@link WorkspaceRepository}. */
@Entity
@Table(name = "workspace")
public class WorkspaceEntity {
    @Id
    @Column(length = 36)
    String id;
    @Column(name = "owner_dn", nullable = false, length = 512)
    String ownerDn;
    @Column(nullable = false)
    String name;
    @Column(nullable = false, length = 1024)
    String image;
    @Column(name = "image_sha256", length = 64)
    String imageSha256;
    @Column(nullable = false)
    int vcpus;
    @Column(name = "memory_mib", nullable = false)
    int memoryMiB;
    @Column(name = "disk_mib", nullable = false)
    int diskMiB;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "initial_state", nullable = false, length = 16)
    WorkspaceState initialState;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    WorkspaceState state;
    @Column(name = "state_cause", length = 1024)
    String stateCause;
    String node;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "state_changed_at", nullable = false)
    Instant stateChangedAt;
    @Column(name = "termination_time", nullable = false)
    Instant terminationTime;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(length = 8)
    Platform.Hypervisor hypervisor;
    @Column(length = 16)
    String arch;
    @Column(length = 1024)
    String kernel;
    @Column(length = 1024)
    String initrd;
    @Column(name = "kernel_args", length = 1024)
    String kernelArgs;
    @Convert(converter = NicsColumn.class)
    @Column(length = 1024)
    List<Nic> nics = new ArrayList<>();
    @Column(name = "cpu_weight", nullable = false)
    int cpuWeight;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "shutdown_mechanism", nullable = false, length = 8)
    ShutdownMechanism shutdownMechanism;
    @Column(name = "group_id", length = 36)
    String groupId;
    /** One FQAN a line: accounting wants them with the record, never queried by. */
    @Column(name = "owner_fqans", length = 2048)
    String ownerFqans;
    @Column(name = "cpu_seconds")
    Double cpuSeconds;
    /** The compute element that relayed the owner's Create (its host DN), or null. */
    @Column(name = "relayed_by", length = 512)
    String relayedBy;
    @Column(name = "grid_job_id", length = 512)
    String gridJobId;
    /**
     * Read with the row: null for most workspaces, a few KiB of script for a grid job's. MEDIUMTEXT,
     * whose capacity this length is: the 64 KiB the service takes is one byte more than TEXT holds.
     */
    @Column(name = "user_data", length = 16_777_215)
    String userData;
    /**
     * Changed only by {@link SubscriptionRepository}, in SQL, in the transaction that changes a
     * subscription: never written back from an entity, so a stale copy cannot move it backwards.
     */
    @Column(name = "subscription_revision", insertable = false, updatable = false)
    long subscriptionRevision;
    @Version
    long version;

    protected WorkspaceEntity() {
    }
}
