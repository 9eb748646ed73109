package org.agora.client.workspace;

import java.time.Duration;
import java.util.Objects;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import org.agora.contract.workspace.Create;
import org.agora.contract.workspace.DeploymentRequestType;
import org.agora.contract.workspace.ResourceAllocationType;
import org.agora.contract.workspace.WorkspaceMetadataType;

/**
 * Builds a {@code Create} request. It checks only that required parts are there; the service
 * checks ranges against the site's limits and names the offending field.
 */
public final class WorkspaceRequestBuilder {
    private static final DatatypeFactory DATATYPES;

    static {
        try {
            DATATYPES = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private String name;
    private String image;
    private String imageSha256;
    private int vcpus = 1;
    private int memoryMiB;
    private Integer diskMiB;
    private Duration duration;

    public WorkspaceRequestBuilder name(String name) {
        this.name = name;
        return this;
    }

    public WorkspaceRequestBuilder image(String image) {
        this.image = image;
        return this;
    }

    public WorkspaceRequestBuilder imageSha256(String sha256) {
        this.imageSha256 = sha256;
        return this;
    }

    public WorkspaceRequestBuilder vcpus(int vcpus) {
        this.vcpus = vcpus;
        return this;
    }

    public WorkspaceRequestBuilder memoryMiB(int memoryMiB) {
        this.memoryMiB = memoryMiB;
        return this;
    }

    public WorkspaceRequestBuilder diskMiB(int diskMiB) {
        this.diskMiB = diskMiB;
        return this;
    }

    public WorkspaceRequestBuilder duration(Duration duration) {
        this.duration = duration;
        return this;
    }

    public Create build() {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(duration, "duration");
        WorkspaceMetadataType metadata = new WorkspaceMetadataType();
        metadata.setName(name);
        metadata.setImage(image);
        metadata.setImageSha256(imageSha256);
        ResourceAllocationType allocation = new ResourceAllocationType();
        allocation.setVcpus(vcpus);
        allocation.setMemoryMiB(memoryMiB);
        allocation.setDiskMiB(diskMiB);
        DeploymentRequestType deployment = new DeploymentRequestType();
        deployment.setDuration(DATATYPES.newDuration(duration.toMillis()));
        Create create = new Create();
        create.setMetadata(metadata);
        create.setResourceAllocation(allocation);
        create.setDeploymentRequest(deployment);
        return create;
    }
}
