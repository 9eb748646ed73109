/**
 * The {@code agora} command: picocli commands over the client library. Errors reach the user as
 * one line, {@code agora: <what went wrong>; <what to do>}, with exit code 1; usage errors exit 2.
 */
package org.agora.client.cli;
