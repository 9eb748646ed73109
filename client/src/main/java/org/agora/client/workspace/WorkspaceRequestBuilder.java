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
    private String hypervisor;
    private String arch;
    private String kernel;
    private String initrd;
    private String kernelArgs;
    private String userData;
    private String gridJobId;
    private final java.util.List<String[]> nics = new java.util.ArrayList<>();
    private Integer cpuWeight;
    private String shutdown;
    private String initialState;
    private java.math.BigDecimal bidAmount;
    private String bidHost;

    /** Bids {@code amount} credits for the workspace's CPU share over its lifetime, on {@code host} or the cheapest. */
    public WorkspaceRequestBuilder bid(java.math.BigDecimal amount, String host) {
        this.bidAmount = amount;
        this.bidHost = host;
        return this;
    }

    /** "kvm" or "xen"; any node's when not set. */
    public WorkspaceRequestBuilder hypervisor(String hypervisor) {
        this.hypervisor = hypervisor;
        return this;
    }

    public WorkspaceRequestBuilder arch(String arch) {
        this.arch = arch;
        return this;
    }

    public WorkspaceRequestBuilder kernel(String kernel) {
        this.kernel = kernel;
        return this;
    }

    /** The initrd to boot with the kernel (a name in the site's image repository). */
    public WorkspaceRequestBuilder initrd(String initrd) {
        this.initrd = initrd;
        return this;
    }

    /** The kernel's command line, e.g. "console=ttyS0". */
    /** NoCloud user-data for the guest's seed disk (a "#!" script, a #cloud-config document). */
    public WorkspaceRequestBuilder userData(String userData) {
        this.userData = userData;
        return this;
    }

    /** The grid job the workspace runs, named in its properties and usage record. */
    public WorkspaceRequestBuilder gridJobId(String gridJobId) {
        this.gridJobId = gridJobId;
        return this;
    }

    public WorkspaceRequestBuilder kernelArgs(String kernelArgs) {
        this.kernelArgs = kernelArgs;
        return this;
    }

    /** Adds a network interface on {@code network}, with a MAC (or null for the site's choice). */
    public WorkspaceRequestBuilder nic(String network, String mac) {
        return nic(network, mac, null);
    }

    /** An interface on {@code network}, with its MAC and the guest's address on it (each may be null). */
    public WorkspaceRequestBuilder nic(String network, String mac, String ip) {
        nics.add(new String[] {network, mac, ip});
        return this;
    }

    public WorkspaceRequestBuilder cpuWeight(int weight) {
        this.cpuWeight = weight;
        return this;
    }

    /** "Normal", "Trash" or "Save": what happens at the termination time. */
    public WorkspaceRequestBuilder shutdownMechanism(String mechanism) {
        this.shutdown = mechanism;
        return this;
    }

    /** "Running", "Paused" or "Propagated". */
    public WorkspaceRequestBuilder initialState(String state) {
        this.initialState = state;
        return this;
    }

    /** The same request as a group of {@code count} identical workspaces. */
    public org.agora.contract.workspace.CreateGroup buildGroup(int count) {
        Create single = build();
        org.agora.contract.workspace.CreateGroup group = new org.agora.contract.workspace.CreateGroup();
        group.setMetadata(single.getMetadata());
        group.setResourceAllocation(single.getResourceAllocation());
        group.setDeploymentRequest(single.getDeploymentRequest());
        group.setCount(count);
        return group;
    }

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
        metadata.setHypervisor(hypervisor == null ? null
                : org.agora.contract.workspace.HypervisorType.fromValue(hypervisor.toLowerCase()));
        metadata.setArch(arch);
        metadata.setKernel(kernel);
        metadata.setInitrd(initrd);
        metadata.setKernelArgs(kernelArgs);
        for (String[] n : nics) {
            org.agora.contract.workspace.NicType nic = new org.agora.contract.workspace.NicType();
            nic.setNetwork(n[0]);
            nic.setMac(n[1]);
            nic.setIp(n[2]);
            metadata.getNic().add(nic);
        }
        metadata.setUserData(userData);
        metadata.setGridJobId(gridJobId);
        ResourceAllocationType allocation = new ResourceAllocationType();
        allocation.setVcpus(vcpus);
        allocation.setMemoryMiB(memoryMiB);
        allocation.setDiskMiB(diskMiB);
        allocation.setCpuWeight(cpuWeight);
        DeploymentRequestType deployment = new DeploymentRequestType();
        deployment.setDuration(DATATYPES.newDuration(duration.toMillis()));
        deployment.setShutdownMechanism(shutdown == null ? null
                : org.agora.contract.workspace.ShutdownMechanismType.fromValue(shutdown));
        deployment.setInitialState(initialState == null ? null
                : org.agora.contract.workspace.InitialStateType.fromValue(initialState));
        Create create = new Create();
        if (bidAmount != null) {
            org.agora.contract.workspace.BidType bid = new org.agora.contract.workspace.BidType();
            bid.setAmount(bidAmount);
            bid.setHost(bidHost);
            create.setBid(bid);
        }
        create.setMetadata(metadata);
        create.setResourceAllocation(allocation);
        create.setDeploymentRequest(deployment);
        return create;
    }
}
