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

/** A task launched by a Mesos framework; the operator reconciles it into exactly one Pod on the offered node. */
@Group(MesosResources.GROUP)
@Version(MesosResources.VERSION)
@Kind("MesosTask")
@Plural("mesostasks")
@Categories(MesosResources.CATEGORY)
@ShortNames({"mtask", "mesostask"})
@AdditionalPrinterColumn(name = "Framework", jsonPath = ".spec.frameworkId", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Task", jsonPath = ".spec.taskId", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Node", jsonPath = ".spec.nodeName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MesosTask extends CustomResource<MesosTaskSpec, MesosTaskStatus> implements Namespaced {
}
