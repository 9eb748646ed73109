package org.agora.gram.workspace;

/**
 * The end of a workspace's serial console.
 *
 * @param text      the text returned
 * @param truncated whether earlier output was left out
 * @param size      bytes logged so far
 */
public record ConsoleText(String text, boolean truncated, long size) {
}
