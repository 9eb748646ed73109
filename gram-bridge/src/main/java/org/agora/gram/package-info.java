/**
 * The GRAM bridge's entry to job descriptions: a job Agora can run, read from GRAM5 RSL or JSDL 1.0.
 */
package org.agora.gram;
