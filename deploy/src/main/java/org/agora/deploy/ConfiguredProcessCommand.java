package org.agora.deploy;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.agora.config.ConfigurationException;
import org.agora.config.Settings;
import org.agora.config.SettingsSchema;
import picocli.CommandLine.Option;

/**
 * What {@code agora-server} and {@code agora-adapter} share: one configuration file, validated
 * whole before anything starts, a commented sample on request, a check-only mode, and a run until
 * the process is told to stop.
 */
public abstract class ConfiguredProcessCommand implements Callable<Integer> {
    @Option(names = "--check-config", description = "Validate the configuration file, try what it names, say "
            + "what would be done, and exit (status 2 when something is unusable).")
    boolean checkOnly;

    @Option(names = "--print-sample-config", description = "Print a commented configuration file and exit.")
    boolean printSample;

    /** The process's name, as messages start with it. */
    protected abstract String name();

    protected abstract SettingsSchema schema();

    protected abstract Path configFile();

    /** Starts the process from validated settings; closing what it returns stops it. */
    protected abstract AutoCloseable start(Settings settings) throws Exception;

    /**
     * What {@code --check-config} does once the file is valid: try what it names, one line per
     * finding; returns the exit status (0 usable, 2 not).
     */
    protected abstract int check(Settings settings);

    @Override
    public Integer call() throws Exception {
        if (printSample) {
            System.out.print(schema().sample());
            return 0;
        }
        Settings settings;
        try {
            settings = schema().load(configFile());
        } catch (ConfigurationException e) {
            System.err.println(name() + ": " + e.getMessage());
            return 1;
        }
        if (checkOnly) {
            return check(settings);
        }
        ProcessSupport.awaitShutdown(start(settings));
        return 0;
    }
}
