package org.agora.deploy.gram;

import java.nio.file.Path;
import org.agora.config.Settings;
import org.agora.config.SettingsSchema;
import org.agora.deploy.ConfiguredProcessCommand;
import org.agora.deploy.ProcessSupport;
import org.agora.gram.daemon.BridgeDaemon;
import org.agora.gram.daemon.BridgeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agora-gram-bridge}: runs GRAM5 jobs of jobmanager-agora in Agora workspaces. */
@Command(name = "agora-gram-bridge", mixinStandardHelpOptions = true, version = "agora-gram-bridge 0.1.0",
        description = {"Runs the jobs of the GRAM5 service jobmanager-agora in Agora workspaces, for their users.",
                "Every setting is documented in the sample printed by --print-sample-config."},
        footer = {"", "Examples:", "  agora-gram-bridge --print-sample-config > /etc/agora/gram-bridge.properties",
                "  agora-gram-bridge --config /etc/agora/gram-bridge.properties --check-config",
                "  agora-gram-bridge --config /etc/agora/gram-bridge.properties"})
public final class GramBridgeCommand extends ConfiguredProcessCommand {
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: ${DEFAULT-VALUE}).",
            defaultValue = "/etc/agora/gram-bridge.properties")
    Path config;

    @Override
    protected String name() {
        return "agora-gram-bridge";
    }

    @Override
    protected SettingsSchema schema() {
        return BridgeSettings.SCHEMA;
    }

    @Override
    protected Path configFile() {
        return config;
    }

    @Override
    protected int check(Settings settings) {
        return GramBridgeCheck.report(new GramBridgeCheck(settings).run(), System.out);
    }

    @Override
    protected AutoCloseable start(Settings settings) throws Exception {
        BridgeDaemon daemon = BridgeDaemon.start(settings);
        System.out.println("agora-gram-bridge: listening on " + daemon.socket());
        return daemon;
    }

    public static void main(String[] args) {
        System.exit(ProcessSupport.run(new GramBridgeCommand(), args));
    }
}
