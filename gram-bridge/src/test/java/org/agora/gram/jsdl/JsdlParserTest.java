package org.agora.gram.jsdl;

import static org.agora.gram.job.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agora.gram.job.JobDescription;
import org.agora.gram.JobDescriptions;
import org.junit.jupiter.api.Test;

class JsdlParserTest {

    private static final String HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <jsdl:JobDefinition xmlns:jsdl="http://schemas.ggf.org/jsdl/2005/11/jsdl"
                                xmlns:posix="http://schemas.ggf.org/jsdl/2005/11/jsdl-posix"
                                xmlns:agora="urn:agora:jsdl">
              <jsdl:JobDescription>
            """;
    private static final String TAIL = """
              </jsdl:JobDescription>
            </jsdl:JobDefinition>
            """;

    private static InputStream xml(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream job(String body) {
        return xml(HEAD + body + TAIL);
    }

    private static String posix(String inner) {
        return "<jsdl:Application><posix:POSIXApplication>" + inner + "</posix:POSIXApplication></jsdl:Application>";
    }

    @Test
    void givesTheSameModelAsTheEquivalentRsl() throws Exception {
        JobDescription fromJsdl = JobDescriptions.fromJsdl(job("""
                <jsdl:JobIdentification>
                  <jsdl:JobProject>atlas</jsdl:JobProject>
                </jsdl:JobIdentification>
                <jsdl:Application>
                  <posix:POSIXApplication>
                    <posix:Executable>/usr/bin/python3</posix:Executable>
                    <posix:Argument>run.py</posix:Argument>
                    <posix:Argument>my data.csv</posix:Argument>
                    <posix:Input>/dev/null</posix:Input>
                    <posix:Output>out.txt</posix:Output>
                    <posix:Error>err.txt</posix:Error>
                    <posix:WorkingDirectory>/scratch/job1</posix:WorkingDirectory>
                    <posix:Environment name="K">v</posix:Environment>
                    <posix:Environment name="K2">v 2</posix:Environment>
                    <posix:WallTimeLimit>5400</posix:WallTimeLimit>
                    <posix:MemoryLimit>2147483648</posix:MemoryLimit>
                  </posix:POSIXApplication>
                </jsdl:Application>
                <jsdl:Resources>
                  <jsdl:TotalCPUCount><jsdl:Exact>4.0</jsdl:Exact></jsdl:TotalCPUCount>
                  <jsdl:IndividualCPUCount><jsdl:Exact>2</jsdl:Exact></jsdl:IndividualCPUCount>
                  <jsdl:TotalPhysicalMemory><jsdl:Exact>4294967296</jsdl:Exact></jsdl:TotalPhysicalMemory>
                  <jsdl:TotalResourceCount><jsdl:Exact>1</jsdl:Exact></jsdl:TotalResourceCount>
                </jsdl:Resources>
                <agora:Image>sl7-worker.qcow2</agora:Image>
                <agora:Queue>short</agora:Queue>
                <agora:Bid>12.50</agora:Bid>
                """));
        JobDescription fromRsl = JobDescriptions.fromRsl("""
                &(executable=/usr/bin/python3)(arguments=run.py "my data.csv")
                 (stdin=/dev/null)(stdout=out.txt)(stderr=err.txt)(directory=/scratch/job1)
                 (environment=(K v)(K2 "v 2"))(max_wall_time=90)(max_memory=2048)
                 (count=4)(agora_vcpus=2)(agora_memory=4096)(host_count=1)
                 (project=atlas)(queue=short)(agora_image=sl7-worker.qcow2)(agora_bid=12.50)
                """);
        assertEquals(fromRsl, fromJsdl);
    }

    @Test
    void minimalJobHasGramDefaults() throws Exception {
        assertEquals(JobDescriptions.fromRsl("&(executable=/bin/hostname)"),
                JobDescriptions.fromJsdl(job(posix("<posix:Executable>/bin/hostname</posix:Executable>"))));
    }

    @Test
    void argumentsKeepTheirBlanks() throws Exception {
        JobDescription job = JsdlParser.parse(job(posix(
                "<posix:Executable>/bin/echo</posix:Executable><posix:Argument>  two  spaces </posix:Argument>")));
        assertEquals(List.of("  two  spaces "), job.arguments());
    }

    @Test
    void memoryIsRoundedUpToWholeMebibytes() throws Exception {
        JobDescription job = JsdlParser.parse(job(posix(
                "<posix:Executable>/bin/a</posix:Executable><posix:MemoryLimit>1048577</posix:MemoryLimit>")));
        assertEquals(2L, job.maxMemory());
    }

    @Test
    void keepsElementsAgoraDoesNotUse() throws Exception {
        JobDescription job = JsdlParser.parse(job("""
                <jsdl:JobIdentification><jsdl:JobName>demo</jsdl:JobName></jsdl:JobIdentification>
                """ + posix("<posix:Executable>/bin/a</posix:Executable>") + """
                <jsdl:DataStaging><jsdl:FileName>in</jsdl:FileName></jsdl:DataStaging>
                """));
        assertEquals(List.of("demo"), job.otherAttributes().get("JobName"));
        assertTrue(job.otherAttributes().containsKey("DataStaging"), job.otherAttributes().toString());
    }

    @Test
    void refusesBillionLaughs() {
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [
                 <!ENTITY lol "lol">
                 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
                 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
                 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
                 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
                 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
                 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
                ]>
                <jsdl:JobDefinition xmlns:jsdl="http://schemas.ggf.org/jsdl/2005/11/jsdl"><jsdl:JobDescription>
                <jsdl:Application><posix:POSIXApplication xmlns:posix="http://schemas.ggf.org/jsdl/2005/11/jsdl-posix">
                <posix:Executable>&lol9;</posix:Executable>
                </posix:POSIXApplication></jsdl:Application></jsdl:JobDescription></jsdl:JobDefinition>
                """;
        String message = assertRefused("JobDefinition", () -> JobDescriptions.fromJsdl(xml(laughs)));
        assertTrue(message.contains("without a DTD"), message);
        assertTrue(message.length() < 300, message);
    }

    @Test
    void refusesExternalEntity() {
        String external = """
                <?xml version="1.0"?>
                <!DOCTYPE x [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
                <jsdl:JobDefinition xmlns:jsdl="http://schemas.ggf.org/jsdl/2005/11/jsdl"><jsdl:JobDescription>
                <jsdl:JobIdentification><jsdl:JobProject>&secret;</jsdl:JobProject></jsdl:JobIdentification>
                </jsdl:JobDescription></jsdl:JobDefinition>
                """;
        String message = assertRefused("JobDefinition", () -> JsdlParser.parse(xml(external)));
        assertTrue(!message.contains("root:"), message);
    }

    @Test
    void refusesOversizedDocument() {
        String padding = "<!--" + "x".repeat(JsdlParser.MAX_BYTES) + "-->";
        String message = assertRefused("JobDefinition",
                () -> JsdlParser.parse(job(padding + posix("<posix:Executable>/bin/a</posix:Executable>"))));
        assertTrue(message.contains(String.valueOf(JsdlParser.MAX_BYTES)), message);
    }

    @Test
    void refusesMalformedXml() {
        assertRefused("JobDefinition", () -> JsdlParser.parse(xml(HEAD + "<jsdl:Application>")));
        assertRefused("JobDefinition", () -> JsdlParser.parse(xml("")));
    }

    @Test
    void refusesOtherRootElements() {
        assertRefused("Job", () -> JsdlParser.parse(xml("<Job xmlns='urn:other'/>")));
    }

    @Test
    void refusesRangesWhereAgoraNeedsExactValues() {
        String message = assertRefused("TotalCPUCount", () -> JsdlParser.parse(job(posix("<posix:Executable>/bin/a</posix:Executable>")
                + "<jsdl:Resources><jsdl:TotalCPUCount><jsdl:LowerBoundedRange>2</jsdl:LowerBoundedRange>"
                + "</jsdl:TotalCPUCount></jsdl:Resources>")));
        assertTrue(message.contains("Exact"), message);
    }

    @Test
    void refusesNumbersOutOfRangeOrNotWhole() {
        assertRefused("TotalCPUCount", () -> JsdlParser.parse(job(
                "<jsdl:Resources><jsdl:TotalCPUCount><jsdl:Exact>4294967298</jsdl:Exact></jsdl:TotalCPUCount></jsdl:Resources>")));
        assertRefused("TotalCPUCount", () -> JsdlParser.parse(job(
                "<jsdl:Resources><jsdl:TotalCPUCount><jsdl:Exact>2.5</jsdl:Exact></jsdl:TotalCPUCount></jsdl:Resources>")));
        assertRefused("WallTimeLimit", () -> JsdlParser.parse(job(posix("<posix:WallTimeLimit>-5</posix:WallTimeLimit>"))));
        assertRefused("MemoryLimit", () -> JsdlParser.parse(job(posix("<posix:MemoryLimit>lots</posix:MemoryLimit>"))));
        assertRefused("Bid", () -> JsdlParser.parse(job("<agora:Bid>0</agora:Bid>")));
    }

    @Test
    void refusesEnvironmentWithoutName() {
        assertRefused("Environment", () -> JsdlParser.parse(job(posix("<posix:Environment>v</posix:Environment>"))));
    }

    @Test
    void refusesApplicationsOtherThanPosix() {
        assertRefused("HPCProfileApplication", () -> JsdlParser.parse(job(
                "<jsdl:Application><hpc:HPCProfileApplication xmlns:hpc='http://schemas.ggf.org/jsdl/2006/07/jsdl-hpcpa'/>"
                        + "</jsdl:Application>")));
    }

    @Test
    void runnableCheckAppliesToJsdlToo() {
        assertRefused("executable", () -> JobDescriptions.fromJsdl(job(posix("<posix:Argument>a</posix:Argument>"))));
        assertRefused("host_count", () -> JobDescriptions.fromJsdl(job(posix("<posix:Executable>/bin/a</posix:Executable>")
                + "<jsdl:Resources><jsdl:TotalResourceCount><jsdl:Exact>3</jsdl:Exact></jsdl:TotalResourceCount></jsdl:Resources>")));
    }
}
