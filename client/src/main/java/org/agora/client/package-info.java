/** Agora's Java client library and the {@code agora} command built on it. */
package org.agora.client;
