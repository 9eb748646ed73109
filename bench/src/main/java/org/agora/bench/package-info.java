/**
 * Measurements, each as a ratio against a baseline taken in the same run on the same machine:
 * {@link org.agora.bench.CreateRoundTrip} (create→Running through the whole service vs raw
 * libvirt-java define+start). Results go to standard output as a Markdown table that is pasted
 * into {@code docs/performance.md} with the command that produced it.
 */
package org.agora.bench;
