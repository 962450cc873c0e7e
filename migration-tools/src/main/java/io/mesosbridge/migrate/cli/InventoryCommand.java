package io.mesosbridge.migrate.cli;

import io.mesosbridge.migrate.inventory.MasterInventory;
import io.mesosbridge.migrate.inventory.ReportRenderer;
import io.mesosbridge.migrate.output.OutputFile;
import io.mesosbridge.migrate.report.Warnings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = {"Reads a running master's /master/state (Apache Mesos or mesos-bridge) and writes a migration"
                + " report: frameworks, tasks, agents, what converts cleanly and what needs a person.",
                "INPUT is a file, - or a URL such as http://master:5050/master/state."})
public final class InventoryCommand implements Callable<Integer>, MesosMigrate.SessionAware {

    enum Format { markdown, json }

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "INPUT")
    String input;

    @Option(names = "--format", defaultValue = "markdown", description = "markdown or json (default: ${DEFAULT-VALUE}).")
    Format format;

    private Session session;

    @Override
    public void session(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Warnings warnings = new Warnings();
        MasterInventory.Report report = MasterInventory.read(session.reader().readOne(input, ".json").get(0), warnings);
        String text = format == Format.json ? ReportRenderer.json(report) : ReportRenderer.markdown(report);
        String file = format == Format.json ? "migration-report.json" : "migration-report.md";
        return session.finish(common, warnings, text, List.of(new OutputFile(file, text)));
    }
}
