package org.agora.deploy.adapter;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.agora.adapter.AdapterSettings;
import org.agora.config.ConfigurationException;
import org.agora.config.Settings;
import org.agora.deploy.ProcessSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agora-adapter}: runs the site adapter of one worker node. */
@Command(name = "agora-adapter", mixinStandardHelpOptions = true, version = "agora-adapter 0.1.0",
        description = {"Runs Agora's site adapter: boots workspaces' domains on this node through libvirt.",
                "Every setting is documented in the sample printed by --print-sample-config."},
        footer = {"", "Examples:", "  agora-adapter --print-sample-config > /etc/agora/agora-adapter.properties",
                "  agora-adapter --config /etc/agora/agora-adapter.properties --check-config",
                "  agora-adapter --config /etc/agora/agora-adapter.properties"})
public final class AdapterCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: ${DEFAULT-VALUE}).",
            defaultValue = "/etc/agora/agora-adapter.properties")
    Path config;

    @Option(names = "--check-config", description = "Validate the configuration file and exit.")
    boolean checkOnly;

    @Option(names = "--print-sample-config", description = "Print a commented configuration file and exit.")
    boolean printSample;

    @Override
    public Integer call() throws Exception {
        if (printSample) {
            System.out.print(AdapterSettings.SCHEMA.sample());
            return 0;
        }
        Settings settings;
        try {
            settings = AdapterSettings.SCHEMA.load(config);
        } catch (ConfigurationException e) {
            System.err.println("agora-adapter: " + e.getMessage());
            return 1;
        }
        if (checkOnly) {
            System.out.println(config + ": configuration is valid");
            return 0;
        }
        AdapterProcess adapter = AdapterProcess.start(settings);
        System.out.println("agora-adapter: serving " + adapter.url());
        ProcessSupport.awaitShutdown(adapter);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(ProcessSupport.run(new AdapterCommand(), args));
    }
}
