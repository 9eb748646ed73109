package org.agora.deploy;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code as docs/architecture.md draws it, checked on every build: no package cycles,
 * modules that depend only downwards, a workspace core that speaks to nodes in its own terms, and no
 * class too long to read in one sitting without a stated reason.
 *
 * <p>It runs in deploy because deploy is the composition root: its test class path holds the main
 * classes of every module that ships (bench measures them and is not a dependency of anything).
 * Module boundaries are drawn by package, since each module owns its packages.
 */
class ArchitectureTest {

    private static final JavaClasses SHIPPED = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.agora");

    /** Generated contract types are left out of the cycle check: their packages follow the schemas'. */
    @Test
    void packagesOfAgoraFormNoCycles() {
        slices().matching("org.agora.(**)")
                .should().beFreeOfCycles()
                .check(SHIPPED.that(resideOutsideOfPackage("org.agora.contract..")));
    }

    /**
     * Bottom to top: the contract, config, the deployment language (which uses no other module), database
     * and security; transport; the site adapter and the services; the site market over both services;
     * the client; deploy. The client is the user's: no
     * service or adapter depends on it. Transport and the site market are optional layers, so the rule
     * holds while their classes still live elsewhere; every other layer must hold classes.
     */
    @Test
    void modulesDependOnlyOnModulesBelowThem() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Contract").definedBy("org.agora.contract..")
                .layer("Config").definedBy("org.agora.config..")
                .layer("Deployment").definedBy("org.agora.deployment..")
                .layer("Database").definedBy("org.agora.database..")
                .layer("Security").definedBy("org.agora.security..")
                .optionalLayer("Transport").definedBy("org.agora.transport..")
                .layer("SiteAdapter").definedBy("org.agora.adapter..")
                .layer("WorkspaceService").definedBy("org.agora.workspace..")
                .layer("MarketService").definedBy("org.agora.market..")
                .optionalLayer("SiteMarket").definedBy("org.agora.sitemarket..")
                .layer("Client").definedBy("org.agora.client..")
                .layer("Deploy").definedBy("org.agora.deploy..")

                .whereLayer("Deploy").mayNotBeAccessedByAnyLayer()
                .whereLayer("Client").mayOnlyBeAccessedByLayers("Deploy")
                .whereLayer("SiteMarket").mayOnlyBeAccessedByLayers("Deploy")
                .whereLayer("WorkspaceService").mayOnlyBeAccessedByLayers("SiteMarket", "Deploy")
                .whereLayer("MarketService").mayOnlyBeAccessedByLayers("SiteMarket", "Deploy")
                .whereLayer("SiteAdapter").mayOnlyBeAccessedByLayers("Deploy")
                .whereLayer("Transport").mayOnlyBeAccessedByLayers(
                        "SiteAdapter", "WorkspaceService", "MarketService", "SiteMarket", "Client", "Deploy")
                .whereLayer("Security").mayOnlyBeAccessedByLayers(
                        "Transport", "SiteAdapter", "WorkspaceService", "MarketService", "SiteMarket", "Client", "Deploy")
                .whereLayer("Deployment").mayOnlyBeAccessedByLayers("WorkspaceService", "SiteMarket", "Deploy")
                .whereLayer("Database").mayOnlyBeAccessedByLayers(
                        "WorkspaceService", "MarketService", "SiteMarket", "Deploy")
                .whereLayer("Config").mayOnlyBeAccessedByLayers(
                        "Database", "Security", "Transport", "SiteAdapter", "WorkspaceService", "MarketService",
                        "SiteMarket", "Client", "Deploy")
                .check(SHIPPED);
    }

    @Test
    void noServiceDependsOnTheProcessesOrTheCommandLine() {
        noClasses().that().resideInAnyPackage(
                        "org.agora.workspace..", "org.agora.market..", "org.agora.sitemarket..", "org.agora.adapter..")
                .should().dependOnClassesThat().resideInAnyPackage("org.agora.deploy..", "org.agora.client.cli..")
                .check(SHIPPED);
    }

    /** The core reaches nodes through the node gateway, in its own terms; generated types stay at the edges. */
    @Test
    void workspaceCoreSpeaksToNodesInItsOwnTerms() {
        noClasses().that().resideInAnyPackage(
                        "org.agora.workspace.lifecycle..", "org.agora.workspace.model..",
                        "org.agora.workspace.placement..", "org.agora.workspace.persistence..",
                        "org.agora.workspace.notification..")
                .should().dependOnClassesThat().resideInAnyPackage("org.agora.contract.node..")
                .check(SHIPPED);
    }

    private static final int LONGEST_WITHOUT_REASON = 400;
    private static final String REASON = "Long because";
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "^(public |final |abstract |sealed |non-sealed )*(class|interface|record|enum|@interface) .*");

    /**
     * A main-source class over 400 lines needs a sentence starting "Long because" in the comment above
     * its declaration, saying why it is one piece; otherwise it is to be split.
     */
    @Test
    void longClassesSayWhyTheyAreLong() throws IOException {
        Path root = repositoryRoot();
        List<String> unexplained = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path sources : modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(sources)) {
                    files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                        List<String> lines = read(file);
                        if (lines.size() > LONGEST_WITHOUT_REASON && !header(lines).contains(REASON)) {
                            unexplained.add(root.relativize(file) + " (" + lines.size() + " lines)");
                        }
                    });
                }
            }
        }
        assertTrue(unexplained.isEmpty(), "over " + LONGEST_WITHOUT_REASON + " lines with no \"" + REASON
                + "\" sentence above the class declaration; split them or say why not: " + unexplained);
    }

    private static String header(List<String> lines) {
        StringBuilder header = new StringBuilder();
        for (String line : lines) {
            if (TYPE_DECLARATION.matcher(line).matches()) {
                break;
            }
            header.append(line.replaceFirst("^\\s*(/\\*\\*|\\*|//)?\\s*", "")).append(' ');
        }
        return header.toString();
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** Surefire runs in the module's directory; the repository root is the first parent holding wsdl/. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("wsdl"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a directory with pom.xml and wsdl/) above "
                + Path.of("").toAbsolutePath());
    }
}
