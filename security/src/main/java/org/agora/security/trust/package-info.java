/**
 * Which certificate authorities a process trusts (a grid CA directory of {@code <hash>.0} files)
 * and the validation of end-entity and proxy chains against them, plugged into TLS.
 */
package org.agora.security.trust;
