package org.agora.adapter.storage;

/** How a saved disk is stored in the image repository. */
public enum Compression {
    /** A sparse raw file, {@code <name>.img}: usable as a base image at once. */
    NONE(".img"),
    /** A gzip-compressed raw file, {@code <name>.img.gz}: smaller to keep and to ship, must be unpacked to boot. */
    GZIP(".img.gz");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    /** The file name ending of a saved image stored this way. */
    public String suffix() {
        return suffix;
    }
}
