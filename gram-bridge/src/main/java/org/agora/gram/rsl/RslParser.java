package org.agora.gram.rsl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.agora.gram.job.JobDescriptionException;

/**
 * Parses one GRAM5 job request in the Globus RSL grammar: a conjunction {@code &(a = v)(b = "w x")} of
 * relations whose values are unquoted literals, double-quoted strings ({@code ""} inside is a quote),
 * single-quoted strings ({@code ''} inside is a quote), {@code ^}-quoted strings ({@code ^d...d} with
 * any delimiter {@code d}), {@code $(VAR)} references, {@code #} concatenations and parenthesised
 * sequences. Comments {@code (* ... *)} are skipped.
 *
 * <p>Refused: multi-requests ({@code +}) and disjunctions ({@code |}), since one GRAM job is one
 * workspace job; relation operators other than {@code =}; an attribute given twice (except
 * {@code rsl_substitution}, whose definitions accumulate as in GRAM); input longer than
 * {@value #MAX_LENGTH} characters.
 */
public final class RslParser {

    /** Longest request accepted, in characters. */
    public static final int MAX_LENGTH = 64 * 1024;

    private static final String WHOLE_REQUEST = "rsl";
    private static final String SPECIAL = "()=<>!&|\"'^#$+";
    private static final String SUBSTITUTION = "rslsubstitution";

    private final String text;
    private int pos;
    private String attribute = WHOLE_REQUEST;

    private RslParser(String text) {
        this.text = text;
    }

    /** The relations of {@code rsl}, in order, with references not yet expanded. */
    public static List<RslRelation> parse(String rsl) throws JobDescriptionException {
        if (rsl == null) {
            throw new JobDescriptionException(WHOLE_REQUEST, null, "a GRAM RSL job request is required");
        }
        if (rsl.length() > MAX_LENGTH) {
            throw new JobDescriptionException(WHOLE_REQUEST, rsl,
                    "a request of at most " + MAX_LENGTH + " characters (this one has " + rsl.length() + ")");
        }
        return new RslParser(rsl).request();
    }

    private List<RslRelation> request() throws JobDescriptionException {
        skipBlanks();
        if (atEnd()) {
            throw new JobDescriptionException(WHOLE_REQUEST, text, "a job request such as &(executable=/bin/hostname)");
        }
        char first = text.charAt(pos);
        if (first == '+') {
            throw fail("one job per request: multi-requests (+) are not supported, submit each job separately");
        }
        if (first == '|') {
            throw fail("a conjunction (&) of relations: disjunctions (|) are not supported");
        }
        if (first == '&') {
            pos++;
        } else if (first != '(') {
            throw fail("a request starting with & followed by relations (attribute = value)");
        }
        List<RslRelation> relations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        skipBlanks();
        while (!atEnd()) {
            RslRelation relation = relation();
            if (!seen.add(relation.name()) && !relation.name().equals(SUBSTITUTION)) {
                throw new JobDescriptionException(relation.attribute(),
                        String.join(" ", relation.values().stream().map(Object::toString).toList()),
                        "each attribute at most once (" + relation.attribute() + " is given twice)");
            }
            relations.add(relation);
            attribute = WHOLE_REQUEST;
            skipBlanks();
        }
        if (relations.isEmpty()) {
            throw fail("at least one relation (attribute = value)");
        }
        return relations;
    }

    private RslRelation relation() throws JobDescriptionException {
        expect('(', "a relation (attribute = value)");
        skipBlanks();
        if (!atEnd() && "&|+".indexOf(text.charAt(pos)) >= 0) {
            throw fail("relations (attribute = value): nested requests are not supported");
        }
        String name = unquoted();
        if (name.isEmpty()) {
            throw fail("an attribute name");
        }
        attribute = name;
        skipBlanks();
        int start = pos;
        while (!atEnd() && "=<>!".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String operator = text.substring(start, pos);
        if (!operator.equals("=")) {
            pos = start;
            throw fail("the relation operator =" + (operator.isEmpty() ? "" : " (not " + operator + ")"));
        }
        List<RslValue> values = sequence();
        expect(')', "a value or the ) closing the relation");
        if (values.isEmpty()) {
            throw new JobDescriptionException(name, "", "at least one value");
        }
        return new RslRelation(name, values);
    }

    private List<RslValue> sequence() throws JobDescriptionException {
        List<RslValue> values = new ArrayList<>();
        skipBlanks();
        while (!atEnd() && text.charAt(pos) != ')') {
            values.add(value());
            skipBlanks();
        }
        return values;
    }

    private RslValue value() throws JobDescriptionException {
        RslValue first = simpleValue();
        List<RslValue> parts = new ArrayList<>(List.of(first));
        while (true) {
            int mark = pos;
            skipBlanks();
            if (atEnd() || text.charAt(pos) != '#') {
                pos = mark;
                break;
            }
            pos++;
            skipBlanks();
            parts.add(simpleValue());
        }
        if (parts.size() == 1) {
            return first;
        }
        for (RslValue part : parts) {
            if (part instanceof RslValue.Sequence) {
                throw new JobDescriptionException(attribute, parts.toString(),
                        "# joins strings and $(VAR) references, not sequences");
            }
        }
        return new RslValue.Concatenation(parts);
    }

    private RslValue simpleValue() throws JobDescriptionException {
        if (atEnd()) {
            throw fail("a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '(' -> {
                pos++;
                List<RslValue> items = sequence();
                expect(')', "the ) closing the value sequence");
                return new RslValue.Sequence(items);
            }
            case '"', '\'' -> {
                pos++;
                return new RslValue.Literal(quoted(c));
            }
            case '^' -> {
                pos++;
                if (atEnd()) {
                    throw fail("a delimiter after ^");
                }
                char delimiter = text.charAt(pos++);
                return new RslValue.Literal(quoted(delimiter));
            }
            case '$' -> {
                pos++;
                expect('(', "$(VARIABLE)");
                skipBlanks();
                String name = unquoted();
                if (name.isEmpty()) {
                    throw fail("a variable name inside $( )");
                }
                skipBlanks();
                expect(')', "the ) closing $(" + name);
                return new RslValue.VariableReference(name);
            }
            default -> {
                String literal = unquoted();
                if (literal.isEmpty()) {
                    throw fail("a value: an unquoted word, a quoted string, $(VAR) or a (sequence)");
                }
                return new RslValue.Literal(literal);
            }
        }
    }

    /** Reads up to the closing {@code delimiter}; a doubled delimiter stands for itself. */
    private String quoted(char delimiter) throws JobDescriptionException {
        int start = pos - 1;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (atEnd()) {
                pos = start;
                throw fail("a string closed by " + delimiter);
            }
            char c = text.charAt(pos++);
            if (c == delimiter) {
                if (!atEnd() && text.charAt(pos) == delimiter) {
                    out.append(delimiter);
                    pos++;
                } else {
                    return out.toString();
                }
            } else {
                out.append(c);
            }
        }
    }

    private String unquoted() {
        int start = pos;
        while (!atEnd()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || SPECIAL.indexOf(c) >= 0) {
                break;
            }
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipBlanks() throws JobDescriptionException {
        while (!atEnd()) {
            if (Character.isWhitespace(text.charAt(pos))) {
                pos++;
            } else if (text.startsWith("(*", pos)) {
                int end = text.indexOf("*)", pos + 2);
                if (end < 0) {
                    throw fail("a comment closed by *)");
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private void expect(char wanted, String allowed) throws JobDescriptionException {
        if (atEnd() || text.charAt(pos) != wanted) {
            throw fail(allowed);
        }
        pos++;
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private JobDescriptionException fail(String allowed) {
        if (atEnd()) {
            String tail = text.substring(Math.max(0, text.length() - 40));
            return new JobDescriptionException(attribute, tail, "the request ends early: " + allowed);
        }
        String rest = text.substring(pos, Math.min(text.length(), pos + 80));
        return new JobDescriptionException(attribute, rest, allowed + " (at character " + (pos + 1) + ")");
    }
}
