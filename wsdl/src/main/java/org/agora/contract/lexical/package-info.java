/**
 * The contracts' simple types read strictly, in their full lexical range, before anything else
 * sees them. JAXB's built-in readers wrap numbers around ({@code 4294967298} read as an xs:int is
 * 2) and report bad values in the parser's words; the generated types use these readers instead
 * (global bindings in {@code src/main/jaxws}), which refuse such values with a
 * {@link org.agora.contract.lexical.MalformedValueException} that quotes a short prefix of what
 * was sent and says what is allowed. The endpoints' fault mapping turns it into the service's
 * typed fault, naming the element.
 */
package org.agora.contract.lexical;
