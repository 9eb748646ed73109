package org.agora.security.trust;

/**
 * One reason a chain was refused, as data: a stable code (canl's ValidationErrorCode names, or
 * Agora's own for the rules it adds), the position in the chain (0 = the leaf; -1 = the whole
 * chain), the subject of the certificate concerned, and a sentence for the admin.
 */
public record ChainProblem(String code, int position, String subject, String sentence) {

    @Override
    public String toString() {
        return (position >= 0 ? "certificate " + subject + " (position " + position + " in the chain): " : "")
                + sentence + " [" + code + "]";
    }
}
