/**
 * JSDL 1.0 job definitions (with the POSIX application profile and Agora's {@code urn:agora:jsdl}
 * extensions) read with a StAX reader that accepts no DTD and no external entity.
 */
package org.agora.gram.jsdl;
