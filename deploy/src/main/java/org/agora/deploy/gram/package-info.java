/** {@code agora-gram-bridge}: the compute element's bridge daemon as a process (configuration, check, run). */
package org.agora.deploy.gram;
