package org.agora.deploy.server;

import java.nio.file.Path;
import org.agora.config.Settings;
import org.agora.config.SettingsSchema;
import org.agora.deploy.ConfiguredProcessCommand;
import org.agora.deploy.ProcessSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agora-server}: runs the workspace service from one configuration file. */
@Command(name = "agora-server", mixinStandardHelpOptions = true, version = "agora-server 0.1.0",
        description = {"Runs Agora's workspace service over HTTPS with client certificates.",
                "Every setting is documented in the sample printed by --print-sample-config."},
        footer = {"", "Examples:", "  agora-server --print-sample-config > /etc/agora/agora-server.properties",
                "  agora-server --config /etc/agora/agora-server.properties --check-config",
                "  agora-server --config /etc/agora/agora-server.properties"})
public final class ServerCommand extends ConfiguredProcessCommand {
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: ${DEFAULT-VALUE}).",
            defaultValue = "/etc/agora/agora-server.properties")
    Path config;

    @Override
    protected String name() {
        return "agora-server";
    }

    @Override
    protected SettingsSchema schema() {
        return ServerSettings.SCHEMA;
    }

    @Override
    protected Path configFile() {
        return config;
    }

    @Override
    protected int check(Settings settings) {
        return ServerCheck.report(new ServerCheck(settings).run(), System.out);
    }

    @Override
    protected AutoCloseable start(Settings settings) throws Exception {
        AgoraServer server = AgoraServer.start(settings);
        System.out.println("agora-server: serving " + server.baseUrl());
        return server;
    }

    public static void main(String[] args) {
        System.exit(ProcessSupport.run(new ServerCommand(), args));
    }
}
