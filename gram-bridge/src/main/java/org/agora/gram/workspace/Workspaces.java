package org.agora.gram.workspace;

import java.util.Optional;
import org.agora.security.credential.GridCredential;

/** Agora's workspace service, called for users. Closing it releases what the calls share. */
public interface Workspaces extends AutoCloseable {

    /** The calls made for the holder of {@code user}, a delegated proxy: closed when its job ends. */
    UserWorkspaces forUser(GridCredential user);

    /** The service's operations, each made as one user. */
    interface UserWorkspaces extends AutoCloseable {
        WorkspaceHandle create(WorkspaceOrder order) throws WorkspaceCallException;

        WorkspaceView view(WorkspaceHandle workspace) throws WorkspaceCallException;

        /** The last {@code maxBytes} of the workspace's console. */
        ConsoleText console(WorkspaceHandle workspace, int maxBytes) throws WorkspaceCallException;

        /** Destroys the workspace; one already gone is no error. */
        void destroy(WorkspaceHandle workspace) throws WorkspaceCallException;

        /**
         * The user's live workspace named {@code name} (the bridge names each after its job), if there
         * is one: a create whose answer was lost, or a restart in the middle of one, leaves nothing behind.
         */
        Optional<WorkspaceHandle> find(String name) throws WorkspaceCallException;

        @Override
        void close();
    }

    @Override
    void close();
}
