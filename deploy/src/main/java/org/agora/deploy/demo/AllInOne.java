package org.agora.deploy.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agora.adapter.AdapterSettings;
import org.agora.adapter.AdapterStartException;
import org.agora.config.ConfigurationException;
import org.agora.config.Settings;
import org.agora.config.SettingsSchema;
import org.agora.deploy.adapter.AdapterProcess;
import org.agora.deploy.server.AgoraServer;
import org.agora.deploy.server.ServerSettings;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.GridCredential;

/**
 * A whole site in one JVM: one adapter and the server, each started from its own configuration
 * file under the data directory, exactly as the separate processes would be. Used by the demo,
 * the system tests and the benchmarks.
 */
public final class AllInOne implements AutoCloseable {
    private final DemoCredentials credentials;
    private final AdapterProcess adapter;
    private final AgoraServer server;

    private AllInOne(DemoCredentials credentials, AdapterProcess adapter, AgoraServer server) {
        this.credentials = credentials;
        this.adapter = adapter;
        this.server = server;
    }

    /** What differs between the demo, a test and a benchmark run. */
    public record Options(Path dataDir, int serverPort, int adapterPort, String libvirtUri, String databaseUrl,
                          String databaseName, Map<String, String> serverOverrides,
                          Map<String, String> adapterOverrides, boolean dropDatabaseOnClose) {

        public Options(Path dataDir, int serverPort, int adapterPort, String libvirtUri, String databaseUrl,
                       String databaseName) {
            this(dataDir, serverPort, adapterPort, libvirtUri, databaseUrl, databaseName, Map.of(), Map.of(), false);
        }

        /** The same options with one more server setting, e.g. a grid-mapfile. */
        public Options withServerSetting(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(serverOverrides);
            more.put(key, value);
            return new Options(dataDir, serverPort, adapterPort, libvirtUri, databaseUrl, databaseName, more,
                    adapterOverrides, dropDatabaseOnClose);
        }

        /** The same options with one more adapter setting, e.g. the capacity it advertises. */
        public Options withAdapterSetting(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(adapterOverrides);
            more.put(key, value);
            return new Options(dataDir, serverPort, adapterPort, libvirtUri, databaseUrl, databaseName,
                    serverOverrides, more, dropDatabaseOnClose);
        }

        /**
         * The same options with the database dropped when the site closes: for a bench's run, whose
         * rows nobody needs afterwards and which, kept, would pile up run after run.
         */
        public Options droppingDatabaseOnClose() {
            return new Options(dataDir, serverPort, adapterPort, libvirtUri, databaseUrl, databaseName,
                    serverOverrides, adapterOverrides, true);
        }

        /** The demo's defaults: fixed ports, test driver, embedded MariaDB under the data directory. */
        public static Options demo(Path dataDir) {
            return new Options(dataDir, 8443, 8444, "test:///default", null, AgoraServer.DATABASE_NAME);
        }
    }

    public static AllInOne start(Options o)
            throws IOException, CredentialException, ConfigurationException, AdapterStartException {
        Path dataDir = o.dataDir().toAbsolutePath();
        DemoCredentials c = DemoCredentials.ensure(dataDir);
        String hostDn = GridCredential.fromCertificateAndKey(c.hostCert(), c.hostKey()).identity().dn();

        Map<String, String> adapterValues = new LinkedHashMap<>();
        adapterValues.put(AdapterSettings.LIBVIRT_URI.key(), o.libvirtUri());
        adapterValues.put(AdapterSettings.LISTEN_HOST.key(), "localhost");
        adapterValues.put(AdapterSettings.PORT.key(), Integer.toString(o.adapterPort()));
        adapterValues.put(AdapterSettings.STORAGE_DIR.key(), dataDir.resolve("adapter/storage").toString());
        adapterValues.put(AdapterSettings.HOST_CERT.key(), c.hostCert().toString());
        adapterValues.put(AdapterSettings.HOST_KEY.key(), c.hostKey().toString());
        adapterValues.put(AdapterSettings.CERTIFICATES_DIR.key(), c.certificatesDir().toString());
        adapterValues.put(AdapterSettings.SERVICE_DNS.key(), hostDn);
        adapterValues.putAll(o.adapterOverrides());
        Settings adapterSettings = writeAndLoad(AdapterSettings.SCHEMA, dataDir.resolve("agora-adapter.properties"),
                adapterValues);

        Map<String, String> serverValues = new LinkedHashMap<>();
        serverValues.put(ServerSettings.LISTEN_HOST.key(), "localhost");
        serverValues.put(ServerSettings.PORT.key(), Integer.toString(o.serverPort()));
        serverValues.put(ServerSettings.PUBLIC_URL.key(), "https://localhost:" + o.serverPort() + "/agora");
        serverValues.put(ServerSettings.HOST_CERT.key(), c.hostCert().toString());
        serverValues.put(ServerSettings.HOST_KEY.key(), c.hostKey().toString());
        serverValues.put(ServerSettings.CERTIFICATES_DIR.key(), c.certificatesDir().toString());
        serverValues.put(ServerSettings.DATA_DIR.key(), dataDir.toString());
        if (o.databaseUrl() != null) {
            serverValues.put(ServerSettings.DB_URL.key(), o.databaseUrl());
            serverValues.put(ServerSettings.DB_USER.key(), "root");
        }
        serverValues.put(ServerSettings.NODES.key(), "https://localhost:" + o.adapterPort() + AdapterProcess.PATH);
        serverValues.putAll(o.serverOverrides());
        Settings serverSettings = writeAndLoad(ServerSettings.SCHEMA, dataDir.resolve("agora-server.properties"),
                serverValues);

        AdapterProcess adapter = AdapterProcess.start(adapterSettings);
        try {
            AgoraServer server = AgoraServer.start(serverSettings, o.databaseName());
            if (o.dropDatabaseOnClose()) {
                server.dropDatabaseOnClose();
            }
            return new AllInOne(c, adapter, server);
        } catch (RuntimeException | IOException | CredentialException e) {
            adapter.close();
            throw e;
        }
    }

    /**
     * Writes the configuration file the way an admin would keep it (values on top, the full
     * commented sample below), then loads it through the schema so it is validated like any other.
     */
    private static Settings writeAndLoad(SettingsSchema schema, Path file, Map<String, String> values)
            throws IOException, ConfigurationException {
        StringBuilder text = new StringBuilder("# Written by agora-demo; edit freely, it is rewritten on every demo start.\n");
        values.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        text.append("\n# ---- every other key, with its default ----\n");
        schema.sample().lines().filter(l -> l.startsWith("#")).forEach(l -> text.append(l).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return schema.load(file);
    }

    public DemoCredentials credentials() {
        return credentials;
    }

    public AgoraServer server() {
        return server;
    }

    public AdapterProcess adapter() {
        return adapter;
    }

    @Override
    public void close() {
        server.close();
        adapter.close();
    }
}
