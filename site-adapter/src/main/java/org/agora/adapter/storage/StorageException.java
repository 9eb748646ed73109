package org.agora.adapter.storage;

/** Storage for a workspace could not be prepared or released; the message names the path. */
public class StorageException extends Exception {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
