package org.agora.security.credential;

import java.nio.file.Path;

/** The key is protected by a pass phrase and none was given: the caller may ask for one and retry. */
public class EncryptedKeyException extends CredentialException {
    private final Path file;

    public EncryptedKeyException(Path file) {
        super("the key in " + file + " is protected by a pass phrase; give it (e.g. -pwstdin) or use a proxy made "
                + "with 'agora proxy-init' or 'grid-proxy-init'");
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
