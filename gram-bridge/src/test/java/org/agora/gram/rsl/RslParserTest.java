package org.agora.gram.rsl;

import static org.agora.gram.job.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.agora.gram.rsl.RslValue.Literal;
import org.agora.gram.rsl.RslValue.Sequence;
import org.junit.jupiter.api.Test;

class RslParserTest {

    private static List<RslValue> valuesOf(String rsl) throws Exception {
        List<RslRelation> relations = RslSubstitution.expand(RslParser.parse(rsl), Map.of());
        assertEquals(1, relations.size());
        return relations.get(0).values();
    }

    private static List<RslValue> literals(String... texts) {
        return java.util.Arrays.stream(texts).map(t -> (RslValue) new Literal(t)).toList();
    }

    @Test
    void readsTheConventionsExample() throws Exception {
        List<RslRelation> relations = RslParser.parse(
                "&(executable=/bin/sh)(arguments=\"a\" \"b\")(environment=(K v)(K2 v2))(rsl_substitution=(VAR x))");
        assertEquals(List.of("executable", "arguments", "environment", "rslsubstitution"),
                relations.stream().map(RslRelation::name).toList());
        assertEquals(literals("a", "b"), relations.get(1).values());
        assertEquals(List.of(new Sequence(literals("K", "v")), new Sequence(literals("K2", "v2"))),
                relations.get(2).values());
    }

    @Test
    void doubledQuoteInsideDoubleQuotesIsOneQuote() throws Exception {
        assertEquals(literals("say \"hi\""), valuesOf("&(arguments = \"say \"\"hi\"\"\")"));
    }

    @Test
    void singleQuotesKeepDoubleQuotesAndSpaces() throws Exception {
        assertEquals(literals("a \"b\" c", "it's"), valuesOf("&(arguments = 'a \"b\" c' 'it''s')"));
    }

    @Test
    void caretQuotingUsesTheCharacterAfterItAsDelimiter() throws Exception {
        assertEquals(literals("x 'y' \"z\"", "a*b"), valuesOf("&(arguments = ^*x 'y' \"z\"* ^*a**b*)"));
    }

    @Test
    void quotedStringsMayBeEmptyAndHoldParenthesesAndNewlines() throws Exception {
        assertEquals(literals("", "(x = y)", "line1\nline2"), valuesOf("&(arguments = \"\" \"(x = y)\" \"line1\nline2\")"));
    }

    @Test
    void unquotedWordsAreSplitOnBlanks() throws Exception {
        assertEquals(literals("a", "b c", "-l"), valuesOf("&(arguments = a \"b c\" -l)"));
    }

    @Test
    void commentsAndBlanksAroundRelationsAreSkipped() throws Exception {
        assertEquals(literals("/bin/true"),
                valuesOf("  (* a job *) & \n ( executable = (* the program *) /bin/true ) (* done *) "));
    }

    @Test
    void requestWithoutAmpersandIsAConjunction() throws Exception {
        assertEquals(2, RslParser.parse("(executable=/bin/true)(count=1)").size());
    }

    @Test
    void refusesMultiRequest() {
        String message = assertRefused("rsl", () -> RslParser.parse("+(&(executable=/bin/a))(&(executable=/bin/b))"));
        assertTrue(message.contains("multi-request"), message);
    }

    @Test
    void refusesDisjunction() {
        String message = assertRefused("rsl", () -> RslParser.parse("|(executable=/bin/a)(executable=/bin/b)"));
        assertTrue(message.contains("disjunction"), message);
    }

    @Test
    void refusesNestedRequest() {
        assertRefused("rsl", () -> RslParser.parse("&(executable=/bin/a)(&(count=1))"));
    }

    @Test
    void refusesOperatorsOtherThanEquals() {
        for (String operator : List.of("!=", "<", ">", "<=", ">=")) {
            String message = assertRefused("count", () -> RslParser.parse("&(count " + operator + " 2)"));
            assertTrue(message.contains("not " + operator), message);
        }
    }

    @Test
    void refusesRelationWithoutOperator() {
        assertRefused("executable", () -> RslParser.parse("&(executable /bin/a)"));
    }

    @Test
    void refusesDuplicateAttributeEvenWhenSpelledDifferently() {
        String message = assertRefused("max_wall_time",
                () -> RslParser.parse("&(maxWallTime=10)(max_wall_time=20)"));
        assertTrue(message.contains("twice"), message);
    }

    @Test
    void acceptsRepeatedSubstitutionRelations() throws Exception {
        assertEquals(3, RslParser.parse("&(rsl_substitution=(A a))(rslSubstitution=(B b))(executable=x)").size());
    }

    @Test
    void refusesUnclosedString() {
        assertRefused("arguments", () -> RslParser.parse("&(arguments=\"abc)"));
    }

    @Test
    void refusesUnclosedRelation() {
        assertRefused("executable", () -> RslParser.parse("&(executable=/bin/a"));
    }

    @Test
    void refusesEmptyValueAndEmptyRequest() {
        assertRefused("executable", () -> RslParser.parse("&(executable=)"));
        assertRefused("rsl", () -> RslParser.parse("&"));
        assertRefused("rsl", () -> RslParser.parse("   "));
    }

    @Test
    void refusesOversizedRequestQuotingItBriefly() {
        String huge = "&(arguments=" + "x ".repeat(RslParser.MAX_LENGTH) + ")";
        String message = assertRefused("rsl", () -> RslParser.parse(huge));
        assertTrue(message.contains(String.valueOf(RslParser.MAX_LENGTH)), message);
        assertTrue(message.length() < 200, message);
    }

    @Test
    void refusesLongGarbageQuotingOnlyItsStart() {
        String garbage = "&(executable=/bin/a)(" + "=".repeat(500) + ")";
        String message = assertRefused("rsl", () -> RslParser.parse(garbage));
        assertTrue(message.length() < 200, message);
    }
}
