package org.agora.adapter.image;

/** An image could not be fetched, verified or stored; the message names the image and what failed. */
public class ImageException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
