/**
 * How Agora's processes configure logback: the services from the distribution's {@code logback.xml},
 * the {@code agora} command with the same settings made in code, which spares each call the
 * parsing of that file.
 */
package org.agora.deploy.logging;
