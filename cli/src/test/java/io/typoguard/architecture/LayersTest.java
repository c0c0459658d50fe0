package io.typoguard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No import runs up the layers (docs/architecture.md, "Modules"): core (parse, detect, scan, privacy, policy,
 * lists, alert, config, relate) knows no Kafka and nothing above it; the topology knows nothing of the runner, the HTTP
 * layer or the command line; the HTTP layer sees the app through its own narrow interfaces ({@code AppView},
 * {@code MetricsView}, {@code ListTopic}), never the runtime; nothing in production code knows the test brokers but the demo. The module dependencies already
 * stop most of this at compile time; this test names the rule and catches what one module's packages could do.
 */
class LayersTest {
    private static final String[] CORE = {"io.typoguard.parse..", "io.typoguard.detect..", "io.typoguard.scan..",
            "io.typoguard.privacy..", "io.typoguard.policy..", "io.typoguard.lists..", "io.typoguard.alert..", "io.typoguard.config..",
            "io.typoguard.relate.."};
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        // This module sees every other one. Their classes come from their jars or target/classes, both imported; test
        // classes are left out, streams-app's test jar (shared test helpers) among them.
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages("io.typoguard");
        for (String layer : new String[] {"io.typoguard.parse.MailLogParser", "io.typoguard.detect.TypoDetector",
                "io.typoguard.topology.TypoguardTopology", "io.typoguard.serde.AvroSerdes", "io.typoguard.testkit.EmbeddedKafkaBroker",
                "io.typoguard.web.HttpApi", "io.typoguard.runtime.TypoguardApp", "io.typoguard.cli.TypoguardCli"}) {
            if (!production.contain(layer)) {
                throw new IllegalStateException("the rules would pass without looking: " + layer + " was not imported");
            }
        }
    }

    @Test
    void coreKnowsNoKafkaAndNothingAboveIt() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "kafka..", "io.typoguard.topology..",
                        "io.typoguard.runtime..", "io.typoguard.web..", "io.typoguard.cli..", "io.typoguard.serde..",
                        "io.typoguard.registry..", "io.typoguard.testkit..")
                .check(production);
    }

    @Test
    void theTopologyKnowsNothingOfTheRunnerTheHttpLayerOrTheCommandLine() {
        noClasses().that().resideInAPackage("io.typoguard.topology..")
                .should().dependOnClassesThat().resideInAnyPackage("io.typoguard.runtime..", "io.typoguard.web..", "io.typoguard.cli..",
                        "io.typoguard.testkit..")
                .check(production);
    }

    @Test
    void theHttpLayerKnowsNeitherTheRuntimeNorTheCommandLine() {
        noClasses().that().resideInAPackage("io.typoguard.web..")
                .should().dependOnClassesThat().resideInAnyPackage("io.typoguard.runtime..", "io.typoguard.cli..", "io.typoguard.testkit..")
                .check(production);
    }

    @Test
    void serdesAndRegistryKnowNeitherTheTopologyNorTheApp() {
        noClasses().that().resideInAnyPackage("io.typoguard.serde..", "io.typoguard.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("io.typoguard.topology..", "io.typoguard.runtime..",
                        "io.typoguard.web..", "io.typoguard.cli..", "io.typoguard.parse..", "io.typoguard.testkit..")
                .check(production);
    }

    @Test
    void onlyTheCommandLineKnowsTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("io.typoguard.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.typoguard.cli..")
                .check(production);
    }

    @Test
    void onlyTheDemoStartsABroker() {
        noClasses().that().resideOutsideOfPackage("io.typoguard.testkit..")
                .and().doNotHaveFullyQualifiedName("io.typoguard.cli.Demo").and().doNotHaveSimpleName("DemoCommand")
                .should().dependOnClassesThat().resideInAnyPackage("io.typoguard.testkit..", "kafka.server..", "kafka.tools..")
                .check(production);
    }
}
