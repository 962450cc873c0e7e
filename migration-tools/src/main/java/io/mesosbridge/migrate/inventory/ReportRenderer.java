package io.mesosbridge.migrate.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mesosbridge.migrate.input.JsonDocuments;

import java.util.stream.Collectors;

/** The inventory as Markdown for people, or as JSON for scripts. */
public final class ReportRenderer {

    private ReportRenderer() {
    }

    public static String json(MasterInventory.Report report) {
        try {
            return JsonDocuments.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report is plain records", e);
        }
    }

    public static String markdown(MasterInventory.Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# Migration report: Mesos master ").append(report.master()).append('\n').append('\n');
        md.append("Mesos version ").append(report.version());
        if (!report.cluster().isEmpty()) {
            md.append(", cluster ").append(report.cluster());
        }
        md.append(".\n\n## Summary\n\n| what | count |\n|---|---|\n");
        md.append("| frameworks | ").append(report.frameworks().size()).append(" |\n");
        md.append("| agents | ").append(report.agents().size()).append(" |\n");
        md.append("| tasks | ").append(report.taskCount()).append(" |\n");
        md.append("| tasks that convert cleanly | ").append(report.cleanTaskCount()).append(" |\n");
        md.append("| tasks that need a person | ").append(report.taskCount() - report.cleanTaskCount()).append(" |\n\n");
        md.append("## Frameworks\n");
        for (MasterInventory.FrameworkReport f : report.frameworks()) {
            md.append("\n### ").append(escape(f.name())).append(" (").append(f.kind().name().toLowerCase()).append(")\n\n");
            md.append("- id: `").append(f.id()).append("`").append(f.active() ? "" : " (inactive)").append('\n');
            md.append("- roles (namespaces): ").append(String.join(", ", f.roles())).append('\n');
            md.append("- next step: `").append(f.nextStep()).append("`\n");
            if (f.tasks().isEmpty()) {
                md.append("\nNo tasks.\n");
                continue;
            }
            md.append("\n| task | state | resources | image | converts |\n|---|---|---|---|---|\n");
            for (MasterInventory.TaskVerdict t : f.tasks()) {
                md.append("| ").append(escape(t.name().isEmpty() ? t.id() : t.name())).append(" | ").append(t.state())
                        .append(" | ").append(escape(t.resources())).append(" | ")
                        .append(t.image() == null ? "-" : escape(t.image())).append(" | ")
                        .append(t.clean() ? "cleanly" : "needs a person: " + escape(String.join("; ", t.needsPerson())))
                        .append(" |\n");
            }
        }
        md.append("\n## Agents\n\n| hostname | resources | attributes | reserved for | node settings |\n|---|---|---|---|---|\n");
        for (MasterInventory.AgentReport a : report.agents()) {
            md.append("| ").append(escape(a.hostname())).append(" | ").append(escape(a.resources())).append(" | ")
                    .append(escape(a.attributes())).append(" | ")
                    .append(a.reservedRoles().isEmpty() ? "-" : escape(String.join(", ", a.reservedRoles())))
                    .append(" | `").append(a.command()).append("` |\n");
        }
        String needs = report.frameworks().stream()
                .flatMap(f -> f.tasks().stream().filter(t -> !t.clean())
                        .map(t -> "- " + escape(f.name()) + " / " + escape(t.name().isEmpty() ? t.id() : t.name()) + ": "
                                + escape(String.join("; ", t.needsPerson()))))
                .distinct()
                .collect(Collectors.joining("\n"));
        md.append("\n## Needs a person\n\n").append(needs.isEmpty() ? "Nothing." : needs).append('\n');
        return md.toString();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
