package org.agora.security.authz;

/** Matching of VOMS FQANs, in short ({@code /vo/group/Role=r}) or long ({@code …/Role=NULL/Capability=NULL}) form. */
public final class Fqans {
    private Fqans() {
    }

    /** Drops {@code Role=NULL} and {@code Capability=NULL}, which mean "none". */
    public static String shortForm(String fqan) {
        return fqan.replace("/Role=NULL", "").replace("/Capability=NULL", "");
    }

    /**
     * Whether {@code held} satisfies {@code required}: the same group or a subgroup of it, and the
     * same role when {@code required} names one.
     */
    public static boolean satisfies(String held, String required) {
        String h = shortForm(held);
        String r = shortForm(required);
        String hGroup = group(h);
        String rGroup = group(r);
        boolean inGroup = hGroup.equals(rGroup) || hGroup.startsWith(rGroup + "/");
        String rRole = role(r);
        return inGroup && (rRole == null || rRole.equals(role(h)));
    }

    private static String group(String fqan) {
        int role = fqan.indexOf("/Role=");
        return role < 0 ? fqan : fqan.substring(0, role);
    }

    private static String role(String fqan) {
        int role = fqan.indexOf("/Role=");
        if (role < 0) {
            return null;
        }
        String rest = fqan.substring(role + "/Role=".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
