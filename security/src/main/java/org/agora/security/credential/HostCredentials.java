package org.agora.security.credential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** A service's host certificate and key, refused when the key file is open to others. */
public final class HostCredentials {
    private static final Set<PosixFilePermission> OPEN_TO_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private HostCredentials() {
    }

    public static GridCredential load(Path certificateFile, Path keyFile) throws CredentialException {
        if (!Files.exists(keyFile)) {
            throw new CredentialException("host key " + keyFile + " does not exist; point the host.key setting at "
                    + "the key of the host certificate (usually /etc/grid-security/hostkey.pem)");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
            permissions.retainAll(OPEN_TO_OTHERS);
            if (!permissions.isEmpty()) {
                throw new CredentialException("host key " + keyFile + " can be read or written by other users ("
                        + permissions + "); run: chmod 600 " + keyFile);
            }
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: nothing to check.
        } catch (IOException e) {
            throw new CredentialException("cannot read the permissions of " + keyFile + ": " + e.getMessage(), e);
        }
        return GridCredential.fromCertificateAndKey(certificateFile, keyFile);
    }
}
