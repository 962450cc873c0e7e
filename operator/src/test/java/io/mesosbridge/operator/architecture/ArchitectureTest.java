package io.mesosbridge.operator.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The layering of docs/architecture.md, as a build that fails when it is broken. */
@AnalyzeClasses(packages = "io.mesosbridge.operator", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] ADAPTERS = {"..operator.scheduler..", "..operator.operatorapi..",
            "..operator.stateapi..", "..operator.http..", "..operator.libprocess..", "..operator.agentlink..",
            "..operator.agentstate..", "..operator.maintenanceapi.."};
    private static final String[] CORE = {"..operator.master..", "..operator.state..", "..operator.allocation..",
            "..operator.tasks..", "..operator.offers..", "..operator.frameworks..", "..operator.agents..",
            "..operator.counters..", "..operator.executors..", "..operator.roles..", "..operator.maintenance..",
            "..operator.reservations.."};
    private static final String[] KUBERNETES = {"..operator.store..", "..operator.cluster..", "..operator.pods..",
            "..operator.namespaces.."};

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.mesosbridge.operator.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theCoreKnowsNoHttpNorWhichApiAFrameworkSpeaks = noClasses().that()
            .resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "jakarta.ws.rs..", "io.quarkus.vertx..", "io.grpc..",
                    "io.mesosbridge.agentlink..")
            .orShould().dependOnClassesThat().resideInAnyPackage(ADAPTERS);

    @ArchTest
    static final ArchRule nothingDependsOnAnAdapter = noClasses().that().resideOutsideOfPackages(ADAPTERS)
            .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS);

    @ArchTest
    static final ArchRule kubernetesInputAndOutputLieBelowTheCore = noClasses().that()
            .resideInAnyPackage(KUBERNETES)
            .should().dependOnClassesThat().resideInAnyPackage(CORE)
            .orShould().dependOnClassesThat().resideInAnyPackage(ADAPTERS);

    @ArchTest
    static final ArchRule theAuthorizersKnowNothingOfTheMasterButItsSettings = noClasses().that()
            .resideInAPackage("..operator.authorization..")
            .should().dependOnClassesThat(resideInAPackage("io.mesosbridge.operator..")
                    .and(resideInAnyPackage("..operator.authorization..", "..operator.config..").negate()));
}
