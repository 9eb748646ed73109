package org.agora.adapter.image;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** An image to fetch: where it is, and the sha256 of its bytes as fetched (before decompression). */
public record ImageReference(URI uri, String sha256) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ImageReference {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("file") && !scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("image " + uri + " is not a file:, http: or https: URI");
        }
        sha256 = sha256 == null ? null : sha256.strip().toLowerCase(Locale.ROOT);
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("image " + uri + " needs its sha256 (64 hexadecimal digits) to be "
                    + "fetched: the node verifies every image it caches");
        }
    }

    /** Whether an image reference names a URI to fetch rather than an image in the node's repository. */
    public static boolean isUri(String image) {
        String lower = image == null ? "" : image.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("file:") || lower.startsWith("http://") || lower.startsWith("https://");
    }
}
