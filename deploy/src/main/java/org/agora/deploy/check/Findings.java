package org.agora.deploy.check;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The findings of one {@code --check-config} run, in the order they were made. */
public final class Findings {
    private final List<Finding> findings = new ArrayList<>();

    public void ok(String topic, String detail) {
        findings.add(new Finding(true, topic, detail));
    }

    public void fail(String topic, String detail) {
        findings.add(new Finding(false, topic, detail));
    }

    public List<Finding> list() {
        return List.copyOf(findings);
    }

    /**
     * Prints one line per finding and a verdict; returns the process exit status: 0 when all is
     * usable, 2 when something is not (1 stays for a file that does not even load).
     */
    public static int report(String process, String usable, List<Finding> findings, PrintStream out) {
        for (Finding f : findings) {
            // One line per finding, so grep and scripts see each whole: several problems become "; "-separated.
            String detail = f.detail().strip().replaceAll(":?\\s*\\R\\s*", "; ");
            out.printf("%-4s %-12s %s%n", f.ok() ? "ok" : "FAIL", f.topic(), detail);
        }
        long failed = findings.stream().filter(f -> !f.ok()).count();
        out.println(failed == 0 ? process + ": " + usable
                : process + ": " + failed + " problem(s) above; fix them and run --check-config again");
        return failed == 0 ? 0 : 2;
    }
}
