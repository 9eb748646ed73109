package org.agora.gram.rsl;

import static org.agora.gram.job.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.agora.gram.rsl.RslValue.Literal;
import org.agora.gram.rsl.RslValue.Sequence;
import org.junit.jupiter.api.Test;

class RslSubstitutionTest {

    private static List<RslRelation> expand(String rsl, Map<String, String> predefined) throws Exception {
        return RslSubstitution.expand(RslParser.parse(rsl), predefined);
    }

    @Test
    void expandsReferencesAndDropsTheDefinitions() throws Exception {
        List<RslRelation> relations = expand("&(rsl_substitution=(BIN /usr/bin))(executable=$(BIN)#/env)", Map.of());
        assertEquals(List.of(new RslRelation("executable", List.of(new Literal("/usr/bin/env")))), relations);
    }

    @Test
    void concatenatesQuotedAndUnquotedPartsWithBlanksAroundHash() throws Exception {
        List<RslRelation> relations = expand(
                "&(rsl_substitution=(D data))(arguments = $(D) # \".txt\" \"-\"#$(D))", Map.of());
        assertEquals(List.of(new Literal("data.txt"), new Literal("-data")), relations.get(0).values());
    }

    @Test
    void definitionsMayUseEarlierOnesAndJobManagerVariables() throws Exception {
        List<RslRelation> relations = expand(
                "&(rsl_substitution=(TOP $(HOME)#/work)(RUN $(TOP)#/run1))(rsl_substitution=(OUT $(RUN)#/out))"
                        + "(stdout=$(OUT))",
                Map.of("HOME", "/home/alice"));
        assertEquals(List.of(new Literal("/home/alice/work/run1/out")), relations.get(0).values());
    }

    @Test
    void laterDefinitionReplacesEarlier() throws Exception {
        List<RslRelation> relations = expand("&(rsl_substitution=(A one)(A two))(queue=$(A))", Map.of());
        assertEquals(List.of(new Literal("two")), relations.get(0).values());
    }

    @Test
    void expandsInsideSequences() throws Exception {
        List<RslRelation> relations = expand("&(rsl_substitution=(V 42))(environment=(ANSWER $(V)))", Map.of());
        assertEquals(List.of(new Sequence(List.of(new Literal("ANSWER"), new Literal("42")))),
                relations.get(0).values());
    }

    @Test
    void refusesUndefinedVariableNamingIt() {
        String message = assertRefused("executable", () -> expand("&(executable=$(NOPE)#/bin/sh)", Map.of()));
        assertTrue(message.contains("NOPE is not defined"), message);
    }

    @Test
    void refusesVariableUsedBeforeItsDefinition() {
        String message = assertRefused("rsl_substitution",
                () -> expand("&(rsl_substitution=(A $(B))(B b))(executable=x)", Map.of()));
        assertTrue(message.contains("B is not defined"), message);
    }

    @Test
    void refusesMalformedDefinition() {
        assertRefused("rsl_substitution", () -> expand("&(rsl_substitution=VAR)(executable=x)", Map.of()));
        assertRefused("rsl_substitution", () -> expand("&(rsl_substitution=(A b c))(executable=x)", Map.of()));
    }

    @Test
    void refusesConcatenatingASequence() {
        assertRefused("arguments", () -> expand("&(arguments=a#(b c))", Map.of()));
    }
}
