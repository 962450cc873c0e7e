package io.mesosbridge.crds;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;

/** A Mesos framework registered with the bridge: its FrameworkInfo and connection state, kept across restarts. */
@Group(MesosResources.GROUP)
@Version(MesosResources.VERSION)
@Kind("MesosFramework")
@Plural("mesosframeworks")
@Categories(MesosResources.CATEGORY)
@ShortNames({"mfw", "mesosframework"})
@AdditionalPrinterColumn(name = "Name", jsonPath = ".spec.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Roles", jsonPath = ".spec.roles", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MesosFramework extends CustomResource<MesosFrameworkSpec, MesosFrameworkStatus> implements Namespaced {
}
