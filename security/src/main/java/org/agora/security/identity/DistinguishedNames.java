package org.agora.security.identity;

import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Conversions between X.500 names and the OpenSSL "slash" form grid tools print and grid-mapfiles
 * hold ({@code /DC=org/DC=example/CN=Jane Doe}), in encoding order, most significant first.
 */
public final class DistinguishedNames {
    private DistinguishedNames() {
    }

    public static String toSlash(X500Principal principal) {
        return toSlash(X500Name.getInstance(principal.getEncoded()));
    }

    public static String toSlash(X500Name name) {
        StringBuilder out = new StringBuilder();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue ava : rdn.getTypesAndValues()) {
                out.append('/').append(shortName(ava.getType())).append('=')
                        .append(IETFUtils.valueToString(ava.getValue()).replace("\\", ""));
            }
        }
        return out.toString();
    }

    /** Parses a slash-form name; attribute names are those OpenSSL prints (C, O, OU, CN, DC, …). */
    public static X500Name fromSlash(String slash) {
        if (slash == null || !slash.startsWith("/") || slash.length() < 4) {
            throw new IllegalArgumentException("'" + slash + "' is not a distinguished name in slash form, "
                    + "e.g. /DC=org/DC=example/CN=Jane Doe");
        }
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        for (String part : splitParts(slash.substring(1))) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + part + "' in " + slash + " is not of the form NAME=value");
            }
            String attribute = part.substring(0, eq);
            ASN1ObjectIdentifier oid = "emailAddress".equalsIgnoreCase(attribute) || "Email".equalsIgnoreCase(attribute)
                    ? BCStyle.EmailAddress : BCStyle.INSTANCE.attrNameToOID(attribute);
            builder.addRDN(oid, part.substring(eq + 1));
        }
        return builder.build();
    }

    /** Splits at slashes that start a new NAME= part, so values such as CN=host/example.org survive. */
    private static List<String> splitParts(String body) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < body.length(); i++) {
            if (body.charAt(i) == '/' && startsAttribute(body, i + 1)) {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(body.substring(start));
        return parts;
    }

    private static boolean startsAttribute(String s, int from) {
        int eq = s.indexOf('=', from);
        int slash = s.indexOf('/', from);
        if (eq < 0 || (slash >= 0 && slash < eq)) {
            return false;
        }
        String name = s.substring(from, eq);
        try {
            return "emailAddress".equalsIgnoreCase(name) || BCStyle.INSTANCE.attrNameToOID(name) != null;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    private static String shortName(ASN1ObjectIdentifier oid) {
        if (BCStyle.EmailAddress.equals(oid)) {
            return "emailAddress";
        }
        String name = BCStyle.INSTANCE.oidToDisplayName(oid);
        return name != null ? name : oid.getId();
    }
}
