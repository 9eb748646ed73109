package org.agora.deploy.adapter;

import java.nio.file.Path;
import org.agora.adapter.AdapterSettings;
import org.agora.config.Settings;
import org.agora.config.SettingsSchema;
import org.agora.deploy.ConfiguredProcessCommand;
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
public final class AdapterCommand extends ConfiguredProcessCommand {
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: ${DEFAULT-VALUE}).",
            defaultValue = "/etc/agora/agora-adapter.properties")
    Path config;

    @Override
    protected String name() {
        return "agora-adapter";
    }

    @Override
    protected SettingsSchema schema() {
        return AdapterSettings.SCHEMA;
    }

    @Override
    protected Path configFile() {
        return config;
    }

    @Override
    protected int check(Settings settings) {
        return AdapterCheck.report(new AdapterCheck(settings).run(), System.out);
    }

    @Override
    protected AutoCloseable start(Settings settings) throws Exception {
        AdapterProcess adapter = AdapterProcess.start(settings);
        System.out.println("agora-adapter: serving " + adapter.url());
        return adapter;
    }

    public static void main(String[] args) {
        System.exit(ProcessSupport.run(new AdapterCommand(), args));
    }
}
