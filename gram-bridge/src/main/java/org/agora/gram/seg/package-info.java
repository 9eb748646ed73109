/**
 * The scheduler event generator log the job managers of {@code -seg-module agora} read: one file
 * per local day, {@code YYYYMMDD}, of lines {@code 001;<epoch seconds>;<job id>;<state>;<exit code>}.
 */
package org.agora.gram.seg;
