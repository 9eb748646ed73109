package org.agora.contract.lexical;


/** The whitespace facet "collapse" that every XML Schema number, date and duration type has. */
final class XsWhitespace {
    private XsWhitespace() {
    }

    static String collapse(String lexical) {
        return lexical == null ? "" : lexical.strip();
    }
}
