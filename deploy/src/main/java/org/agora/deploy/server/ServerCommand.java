package org.agora.deploy.server;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.agora.config.ConfigurationException;
import org.agora.config.Settings;
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
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: ${DEFAULT-VALUE}).",
            defaultValue = "/etc/agora/agora-server.properties")
    Path config;

    @Option(names = "--check-config", description = "Validate the configuration file and exit.")
    boolean checkOnly;

    @Option(names = "--print-sample-config", description = "Print a commented configuration file and exit.")
    boolean printSample;

    @Override
    public Integer call() throws Exception {
        if (printSample) {
            System.out.print(ServerSettings.SCHEMA.sample());
            return 0;
        }
        Settings settings;
        try {
            settings = ServerSettings.SCHEMA.load(config);
        } catch (ConfigurationException e) {
            System.err.println("agora-server: " + e.getMessage());
            return 1;
        }
        if (checkOnly) {
            System.out.println(config + ": configuration is valid");
            return 0;
        }
        AgoraServer server = AgoraServer.start(settings);
        System.out.println("agora-server: serving " + server.baseUrl());
        ProcessSupport.awaitShutdown(server);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(ProcessSupport.run(new ServerCommand(), args));
    }
}
