/**
 * Site configuration files: Java properties files whose every key is declared in a
 * {@link org.agora.config.SettingsSchema}, typed, range-checked and documented.
 *
 * <p>Contract: a file is read once at start-up; an unknown key, a malformed value or a value out of
 * range stops start-up with a {@link org.agora.config.ConfigurationException} whose message names
 * the file, the line, the key and what would have been accepted. Nothing here reads a file on its
 * own initiative: callers hand in a path or a map.
 */
package org.agora.config;
