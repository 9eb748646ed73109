/**
 * What every module's tests share about their surroundings: {@link org.agora.testing.RealPeer}, the one
 * way a test says it needs something real outside the JVM (a MariaDB server, libvirtd, a grid tool),
 * skipping without it on a developer's machine and failing without it on CI;
 * {@link org.agora.testing.FreePorts}, ports for the servers a test (or a bench) starts; and
 * {@link org.agora.testing.SkippedTestsRecorder}, which writes down every test that did not run so
 * that a build ends by naming them ({@link org.agora.testing.SkippedTestsReport}).
 */
package org.agora.testing;
