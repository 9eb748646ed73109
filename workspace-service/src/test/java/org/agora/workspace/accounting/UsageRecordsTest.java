package org.agora.workspace.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.agora.workspace.model.StateChange;
import org.agora.workspace.model.Workspace;
import org.agora.workspace.model.WorkspaceState;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class UsageRecordsTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private static StateChange at(int minutes, WorkspaceState to) {
        return new StateChange(null, to, T0.plus(Duration.ofMinutes(minutes)), "test");
    }

    private static Workspace workspace(WorkspaceState state) {
        return new Workspace("ws-1", "/DC=org/CN=Jane", "w", "debian-12", null, 2, 1024, 4096, WorkspaceState.RUNNING,
                state, null, "wn01:8444", T0, T0, T0.plus(Duration.ofHours(2)), null, null, 256, null, null,
                List.of("/atlas/Role=production/Capability=NULL", "/atlas/Role=NULL/Capability=NULL"), null, 0);
    }

    private final UsageRecord ended = UsageRecord.of(workspace(WorkspaceState.CANCELLED), List.of(
                    at(0, WorkspaceState.UNPROPAGATED), at(1, WorkspaceState.RUNNING), at(31, WorkspaceState.PAUSED),
                    at(41, WorkspaceState.RUNNING), at(61, WorkspaceState.CANCELLED)),
            T0.plus(Duration.ofHours(3)), 1234.5, new BigDecimal("12.500000"));

    @Test
    void wallTimeRunsFromDeploymentToTheEndAndPausesAreCountedAsSuspension() {
        assertEquals(Duration.ofMinutes(60), ended.wall());
        assertEquals(Duration.ofMinutes(10), ended.suspended());
        assertEquals("completed", ended.status());
        UsageRecord paused = UsageRecord.of(workspace(WorkspaceState.PAUSED), List.of(at(0, WorkspaceState.UNPROPAGATED),
                at(1, WorkspaceState.RUNNING), at(11, WorkspaceState.PAUSED)), T0.plus(Duration.ofMinutes(21)), null, null);
        assertEquals("suspended", paused.status());
        assertEquals(Duration.ofMinutes(10), paused.suspended());
        assertEquals(Duration.ofMinutes(20), paused.wall());
    }

    @Test
    void aCpuTimeNoWorkspaceCouldUseIsRecordedAsUnknown() {
        // libvirt's test driver reports the time of day as a domain's CPU time.
        double timeOfDay = T0.getEpochSecond();
        UsageRecord r = UsageRecord.of(workspace(WorkspaceState.CANCELLED), List.of(at(0, WorkspaceState.RUNNING),
                at(1, WorkspaceState.CANCELLED)), T0.plus(Duration.ofMinutes(2)), timeOfDay, null);
        assertNull(r.cpuSeconds());
        assertTrue(ApelCloudRecords.write(List.of(r), "AGORA-TEST", "agora").contains("CpuDuration: None\n"));
        // Two vCPUs busy for the whole minute, and the emulator's threads beside them, is possible.
        UsageRecord busy = UsageRecord.of(workspace(WorkspaceState.CANCELLED), List.of(at(0, WorkspaceState.RUNNING),
                at(1, WorkspaceState.CANCELLED)), T0.plus(Duration.ofMinutes(2)), 150.0, null);
        assertEquals(150.0, busy.cpuSeconds());
    }

    @Test
    void apelRecordsHaveTheCloudMessageKeys() {
        String apel = ApelCloudRecords.write(List.of(ended, ended), "AGORA-TEST", "agora");
        assertTrue(apel.startsWith("APEL-cloud-message: v0.4\n"), apel);
        assertEquals(1, apel.split("\n%%\n").length - 1, "records separated by %%");
        assertTrue(apel.contains("VMUUID: ws-1\n") && apel.contains("SiteName: AGORA-TEST\n")
                && apel.contains("GlobalUserName: /DC=org/CN=Jane\n") && apel.contains("WallDuration: 3600\n")
                && apel.contains("SuspendDuration: 600\n") && apel.contains("CpuDuration: 1235\n")
                && apel.contains("StartTime: " + T0.plusSeconds(60).getEpochSecond() + "\n")
                && apel.contains("CpuCount: 2\n") && apel.contains("Disk: 4\n"), apel);
        assertTrue(apel.contains("FQAN: /atlas/Role=production/Capability=NULL\n"), "the primary FQAN: " + apel);
    }

    @Test
    void usageRecordXmlIsOgfUr10() throws Exception {
        String xml = OgfUsageRecords.write(List.of(ended), "AGORA-TEST");
        var factory = DocumentBuilderFactory.newDefaultNSInstance();
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(OgfUsageRecords.NS, doc.getDocumentElement().getNamespaceURI());
        assertEquals("UsageRecords", doc.getDocumentElement().getLocalName());
        assertEquals("PT1H", text(doc, "WallDuration"));
        assertEquals("PT20M34.5S", text(doc, "CpuDuration"));
        assertEquals("12.500000", text(doc, "Charge"));
        assertEquals("/DC=org/CN=Jane", text(doc, "GlobalUserName"));
        assertEquals(T0.plusSeconds(60).toString(), text(doc, "StartTime"));
        assertEquals("atlas", text(doc, "ProjectName"), "the VO, from the primary FQAN");
        var resources = doc.getElementsByTagNameNS(OgfUsageRecords.NS, "Resource");
        assertEquals(2, resources.getLength());
        assertEquals("/atlas/Role=production/Capability=NULL", resources.item(0).getTextContent());
        assertEquals("VOMS-FQAN", ((org.w3c.dom.Element) resources.item(0)).getAttributeNS(OgfUsageRecords.NS, "description"));
        // The schema's sequence before its free choice: RecordIdentity, JobIdentity, UserIdentity, Charge, Status.
        List<String> order = new java.util.ArrayList<>();
        for (var n = doc.getElementsByTagNameNS(OgfUsageRecords.NS, "JobUsageRecord").item(0).getFirstChild();
             n != null && order.size() < 5; n = n.getNextSibling()) {
            if (n instanceof org.w3c.dom.Element e) {
                order.add(e.getLocalName());
            }
        }
        assertEquals(List.of("RecordIdentity", "JobIdentity", "UserIdentity", "Charge", "Status"), order);
    }

    @Test
    void aRecordWithoutVomsAttributesSaysSoInApelAndHasNoProject() throws Exception {
        Workspace plain = new Workspace("ws-2", "/DC=org/CN=Joe", "w", "debian-12", null, 1, 512, 1024,
                WorkspaceState.RUNNING, WorkspaceState.CANCELLED, null, "wn01:8444", T0, T0, T0.plusSeconds(60), null,
                null, 256, null, null, null, 42.0, 0);
        UsageRecord r = UsageRecord.of(plain, List.of(at(0, WorkspaceState.RUNNING), at(1, WorkspaceState.CANCELLED)),
                T0.plusSeconds(120), plain.lastCpuSeconds(), null);
        assertTrue(ApelCloudRecords.write(List.of(r), "S", "agora").contains("FQAN: None\n"));
        assertTrue(ApelCloudRecords.write(List.of(r), "S", "agora").contains("CpuDuration: 42\n"),
                "an ended workspace keeps the CPU time its node reported at the end");
        assertTrue(!OgfUsageRecords.write(List.of(r), "S").contains("ProjectName"));
    }

    private static String text(Document doc, String name) {
        return doc.getElementsByTagNameNS(OgfUsageRecords.NS, name).item(0).getTextContent();
    }

    @Test
    void theGridJobAWorkspaceRanIsItsGlobalJobIdBeforeTheLocalOne() throws Exception {
        Workspace w = workspace(WorkspaceState.CANCELLED);
        Workspace job = new Workspace(w.id(), w.owner(), w.name(), w.image(), w.imageSha256(), w.vcpus(), w.memoryMiB(),
                w.diskMiB(), w.initialState(), w.state(), w.stateCause(), w.node(), w.createdAt(), w.stateChangedAt(),
                w.terminationTime(), w.platform(), w.nics(), w.cpuWeight(), w.shutdown(), w.groupId(), w.ownerFqans(),
                w.lastCpuSeconds(), w.subscriptionRevision(), w.relayedBy(), "https://ce.example.org:2119/16001/1700000000/", null);
        UsageRecord record = UsageRecord.of(job, List.of(at(0, WorkspaceState.UNPROPAGATED)), T0, null, null);
        String xml = OgfUsageRecords.write(List.of(record), "AGORA-TEST");
        Document doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        var identity = (org.w3c.dom.Element) doc.getElementsByTagNameNS(OgfUsageRecords.NS, "JobIdentity").item(0);
        List<String> children = new java.util.ArrayList<>();
        for (var n = identity.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof org.w3c.dom.Element e) {
                children.add(e.getLocalName() + "=" + e.getTextContent());
            }
        }
        assertEquals(List.of("GlobalJobId=https://ce.example.org:2119/16001/1700000000/", "LocalJobId=ws-1"), children);

        String withoutJob = OgfUsageRecords.write(List.of(ended), "AGORA-TEST");
        assertTrue(!withoutJob.contains("GlobalJobId"), "a workspace run for no grid job names none");
    }
}
