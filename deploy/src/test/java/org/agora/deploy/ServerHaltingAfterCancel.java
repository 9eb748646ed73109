package org.agora.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.agora.config.Settings;
import org.agora.deploy.server.AgoraServer;
import org.agora.deploy.server.ServerSettings;
import org.agora.workspace.model.WorkspaceState;

/**
 * {@code agora-server}, except that the thread that records a workspace Cancelled stops there,
 * before the node is told, and the workspace id is written to a marker file: the moment between
 * the database and the node, held still for a test to kill the process at.
 */
public final class ServerHaltingAfterCancel {
    private ServerHaltingAfterCancel() {
    }

    /** Arguments: the server's configuration file, its database name, the marker file to write. */
    public static void main(String[] args) throws Exception {
        Settings settings = ServerSettings.SCHEMA.load(Path.of(args[0]));
        Path marker = Path.of(args[2]);
        CountDownLatch never = new CountDownLatch(1);
        AgoraServer server = AgoraServer.start(settings, args[1]);
        server.workspaces().onTransition((after, from) -> {
            if (after.state() == WorkspaceState.CANCELLED) {
                try {
                    Files.writeString(marker, after.id());
                    never.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        System.out.println("agora-server: serving " + server.baseUrl());
        never.await();
    }
}
