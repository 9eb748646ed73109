/**
 * What each service answers when a request cannot be read or is the caller's mistake: the seam
 * between the transport's fault handling (which knows where in the message reading failed) and
 * the service's own typed WS-BaseFaults (which know the service's vocabulary).
 */
package org.agora.contract.faults;
