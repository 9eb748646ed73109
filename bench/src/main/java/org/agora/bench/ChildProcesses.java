package org.agora.bench;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** What the memory benches need to run an Agora process of its own and read its memory. */
final class ChildProcesses {
    private ChildProcesses() {
    }

    /** This program's class path: under exec:java it is the plugin's class loader's, not java.class.path. */
    static String classpath() {
        if (ChildProcesses.class.getClassLoader() instanceof URLClassLoader urls) {
            StringBuilder cp = new StringBuilder();
            for (URL u : urls.getURLs()) {
                if (cp.length() > 0) {
                    cp.append(File.pathSeparatorChar);
                }
                try {
                    cp.append(Path.of(u.toURI()));
                } catch (URISyntaxException e) {
                    throw new IllegalStateException("not a file URL on the class path: " + u, e);
                }
            }
            return cp.toString();
        }
        return System.getProperty("java.class.path");
    }

    /** A line of the process's /proc status (VmHWM: its peak resident set, VmRSS: its current one). */
    static String statusLine(Process p, String key) throws java.io.IOException {
        String status = Files.readString(Path.of("/proc", Long.toString(p.pid()), "status"));
        return status.lines().filter(l -> l.startsWith(key + ":")).findFirst().orElse(key + ": ?")
                .replaceAll("\\s+", " ");
    }

    /** Waits until {@code probe} answers without an exception: the process has started serving. */
    static void awaitAnswer(Process p, Duration within, Callable<?> probe, String what) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                probe.call();
                return;
            } catch (Exception e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(what + " did not come up (see its log)", e);
                }
                Thread.sleep(200); // the process is starting: nothing to await but its answer
            }
        }
    }
}
