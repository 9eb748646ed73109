package org.agora.bench;

import java.io.IOException;
import java.net.ServerSocket;

/** A local TCP port nobody listens on at the moment of asking, for a bench's own endpoints. */
final class FreePorts {
    private FreePorts() {
    }

    static int next() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
