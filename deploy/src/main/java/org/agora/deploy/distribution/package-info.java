/**
 * What the distribution needs besides its processes: the workload from which
 * {@code bin/agora-class-archive} dumps the {@code agora} command's class-data-sharing archive.
 */
package org.agora.deploy.distribution;
