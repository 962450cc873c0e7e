package io.mesosbridge.mesos.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Our .proto files define the Mesos 1.11 v1 API exactly: every message, field and enum value of the official
 * {@code org.apache.mesos:mesos:1.11.0} descriptors exists in ours with the same name, number, type, label, default
 * and oneof membership, and we define nothing they do not.
 */
class DescriptorConformanceTest {

  static final Map<String, FileDescriptor> OURS = new LinkedHashMap<>();

  static {
    OURS.put("mesos/v1/mesos.proto", io.mesosbridge.mesos.v1.Protos.getDescriptor());
    OURS.put("mesos/v1/scheduler/scheduler.proto", io.mesosbridge.mesos.v1.scheduler.Protos.getDescriptor());
    OURS.put("mesos/v1/executor/executor.proto", io.mesosbridge.mesos.v1.executor.Protos.getDescriptor());
    OURS.put("mesos/v1/master/master.proto", io.mesosbridge.mesos.v1.master.Protos.getDescriptor());
    OURS.put("mesos/v1/agent/agent.proto", io.mesosbridge.mesos.v1.agent.Protos.getDescriptor());
    OURS.put("mesos/v1/maintenance/maintenance.proto", io.mesosbridge.mesos.v1.maintenance.Protos.getDescriptor());
    OURS.put("mesos/v1/quota/quota.proto", io.mesosbridge.mesos.v1.quota.Protos.getDescriptor());
    OURS.put("mesos/v1/allocator/allocator.proto", io.mesosbridge.mesos.v1.allocator.Protos.getDescriptor());
    OURS.put("mesos/v1/resource_provider/resource_provider.proto",
        io.mesosbridge.mesos.v1.resource_provider.Protos.getDescriptor());
  }

  /** Counts of official elements, and of those we define identically. */
  static final class Coverage {
    int messages;
    int messagesMatched;
    int fields;
    int fieldsMatched;
    int enums;
    int enumsMatched;
    int enumValues;
    int enumValuesMatched;

    boolean complete() {
      return messages == messagesMatched && fields == fieldsMatched && enums == enumsMatched
          && enumValues == enumValuesMatched;
    }

    @Override
    public String toString() {
      return String.format("messages %d/%d, fields %d/%d, enums %d/%d, enum values %d/%d",
          messagesMatched, messages, fieldsMatched, fields, enumsMatched, enums, enumValuesMatched, enumValues);
    }
  }

  @Test
  void everyOfficialV1FileIsDefinedIdenticallyAndCompletely() {
    OfficialMesos official = OfficialMesos.get();
    List<String> differences = new ArrayList<>();
    Map<String, Coverage> coverage = new LinkedHashMap<>();
    for (String file : OfficialMesos.V1_OUTER_CLASSES.keySet()) {
      FileDescriptorProto theirs = official.fileDescriptor(file);
      FileDescriptor oursFd = OURS.get(file);
      assertThat(oursFd).as("we define %s", file).isNotNull();
      FileDescriptorProto ours = oursFd.toProto();
      Coverage c = new Coverage();
      compareFile(theirs, ours, differences, c);
      coverage.put(file, c);
    }
    System.out.println("Mesos v1 API conformance against org.apache.mesos:mesos:1.11.0:");
    coverage.forEach((file, c) -> System.out.printf("  %-52s %s%s%n", file, c, c.complete() ? "  (100%)" : ""));
    differences.forEach(d -> System.out.println("  DIFFERENCE: " + d));

    assertThat(differences).as("differences from the official descriptors").isEmpty();
    assertThat(coverage.values()).allSatisfy(c -> assertThat(c.complete()).as(c.toString()).isTrue());
    // sanity: the walk really covered the big surfaces
    assertThat(coverage.get("mesos/v1/mesos.proto").fields).isGreaterThan(500);
    assertThat(coverage.get("mesos/v1/master/master.proto").messages).isGreaterThan(50);
  }

  /**
   * Every message and enum type reachable from the scheduler, executor and operator (master) API entry points in the
   * official descriptors, across all files, is defined by us under the same full name.
   */
  @Test
  void everyTypeReachableFromTheSchedulerExecutorAndMasterApisIsDefined() throws Exception {
    OfficialMesos official = OfficialMesos.get();
    Map<String, FileDescriptor> built = new LinkedHashMap<>();
    for (String file : OfficialMesos.V1_OUTER_CLASSES.keySet()) {
      buildOfficial(file, official, built);
    }
    Map<String, Descriptor> theirTypes = new LinkedHashMap<>();
    built.values().forEach(fd -> fd.getMessageTypes().forEach(m -> index(m, theirTypes)));
    Map<String, Descriptor> ourTypes = new LinkedHashMap<>();
    OURS.values().forEach(fd -> fd.getMessageTypes().forEach(m -> index(m, ourTypes)));
    // master.proto imports google/protobuf/duration.proto, which protobuf-java itself provides
    index(com.google.protobuf.Duration.getDescriptor(), ourTypes);

    List<String> roots = List.of("mesos.v1.scheduler.Call", "mesos.v1.scheduler.Event",
        "mesos.v1.scheduler.Response", "mesos.v1.executor.Call", "mesos.v1.executor.Event",
        "mesos.v1.master.Call", "mesos.v1.master.Response", "mesos.v1.master.Event");
    java.util.Set<String> reachable = new TreeSet<>();
    java.util.ArrayDeque<Descriptor> queue = new java.util.ArrayDeque<>();
    for (String root : roots) {
      queue.add(theirTypes.get(root));
    }
    while (!queue.isEmpty()) {
      Descriptor d = queue.poll();
      if (!reachable.add(d.getFullName())) {
        continue;
      }
      for (FieldDescriptor f : d.getFields()) {
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          queue.add(f.getMessageType());
        } else if (f.getJavaType() == FieldDescriptor.JavaType.ENUM) {
          reachable.add(f.getEnumType().getFullName());
        }
      }
    }
    java.util.Set<String> ourEnums = new TreeSet<>();
    OURS.values().forEach(fd -> {
      fd.getEnumTypes().forEach(e -> ourEnums.add(e.getFullName()));
      ourTypes.values().forEach(m -> m.getEnumTypes().forEach(e -> ourEnums.add(e.getFullName())));
    });
    List<String> missing = reachable.stream()
        .filter(name -> !ourTypes.containsKey(name) && !ourEnums.contains(name)).toList();
    long inMesosV1 = reachable.stream()
        .filter(n -> n.startsWith("mesos.v1.") && Character.isUpperCase(n.charAt("mesos.v1.".length()))).count();
    System.out.printf("Types reachable from scheduler/executor/master Call, Event, Response: %d (of which %d in "
        + "mesos.v1), defined by us: %d%n", reachable.size(), inMesosV1, reachable.size() - missing.size());
    assertThat(missing).as("reachable official types we do not define").isEmpty();
    assertThat(reachable).contains("mesos.v1.Offer", "mesos.v1.TaskInfo", "mesos.v1.master.Response.GetState",
        "mesos.v1.TaskState");
  }

  private static void index(Descriptor m, Map<String, Descriptor> out) {
    out.put(m.getFullName(), m);
    m.getNestedTypes().forEach(n -> index(n, out));
  }

  private static FileDescriptor buildOfficial(String file, OfficialMesos official, Map<String, FileDescriptor> built)
      throws Exception {
    FileDescriptor done = built.get(file);
    if (done != null) {
      return done;
    }
    if (file.equals("google/protobuf/duration.proto")) {
      return com.google.protobuf.Duration.getDescriptor().getFile(); // a well-known type, same in both runtimes
    }
    FileDescriptorProto proto = official.fileDescriptor(file);
    List<FileDescriptor> deps = new ArrayList<>();
    for (String dep : proto.getDependencyList()) {
      deps.add(buildOfficial(dep, official, built));
    }
    FileDescriptor fd = FileDescriptor.buildFrom(proto, deps.toArray(FileDescriptor[]::new));
    built.put(file, fd);
    return fd;
  }

  @Test
  void theComparisonDetectsARenumberedField() {
    FileDescriptorProto theirs = OfficialMesos.get().fileDescriptor("mesos/v1/scheduler/scheduler.proto");
    FileDescriptorProto.Builder tampered = theirs.toBuilder();
    // Call.framework_id (=1) renumbered to 99
    DescriptorProto.Builder call = tampered.getMessageTypeBuilderList().stream()
        .filter(m -> m.getName().equals("Call")).findFirst().orElseThrow();
    call.getFieldBuilderList().stream().filter(f -> f.getName().equals("framework_id")).findFirst().orElseThrow()
        .setNumber(99);
    List<String> differences = new ArrayList<>();
    compareFile(theirs, tampered.build(), differences, new Coverage());
    assertThat(differences).anyMatch(d -> d.contains("mesos.v1.scheduler.Call") && d.contains("framework_id"));
  }

  @Test
  void theComparisonDetectsAChangedEnumValueAndLabel() {
    FileDescriptorProto theirs = OfficialMesos.get().fileDescriptor("mesos/v1/mesos.proto");
    FileDescriptorProto.Builder tampered = theirs.toBuilder();
    EnumDescriptorProto.Builder taskState = tampered.getEnumTypeBuilderList().stream()
        .filter(e -> e.getName().equals("TaskState")).findFirst().orElseThrow();
    taskState.getValueBuilder(0).setNumber(42);
    DescriptorProto.Builder frameworkId = tampered.getMessageTypeBuilderList().stream()
        .filter(m -> m.getName().equals("FrameworkID")).findFirst().orElseThrow();
    frameworkId.getFieldBuilder(0).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    List<String> differences = new ArrayList<>();
    compareFile(theirs, tampered.build(), differences, new Coverage());
    assertThat(differences).anyMatch(d -> d.contains("mesos.v1.TaskState"));
    assertThat(differences).anyMatch(d -> d.contains("mesos.v1.FrameworkID") && d.contains("label"));
  }

  static void compareFile(FileDescriptorProto theirs, FileDescriptorProto ours, List<String> diff, Coverage c) {
    if (!theirs.getPackage().equals(ours.getPackage())) {
      diff.add(theirs.getName() + ": package " + ours.getPackage() + " != " + theirs.getPackage());
    }
    String syntaxTheirs = theirs.getSyntax().isEmpty() ? "proto2" : theirs.getSyntax();
    String syntaxOurs = ours.getSyntax().isEmpty() ? "proto2" : ours.getSyntax();
    if (!syntaxTheirs.equals(syntaxOurs)) {
      diff.add(theirs.getName() + ": syntax " + syntaxOurs + " != " + syntaxTheirs);
    }
    if (!new TreeSet<>(theirs.getDependencyList()).equals(new TreeSet<>(ours.getDependencyList()))) {
      diff.add(theirs.getName() + ": imports " + ours.getDependencyList() + " != " + theirs.getDependencyList());
    }
    String prefix = "." + theirs.getPackage();
    compareEnums(prefix, theirs.getEnumTypeList(), ours.getEnumTypeList(), diff, c);
    compareMessages(prefix, theirs.getMessageTypeList(), ours.getMessageTypeList(), diff, c);
  }

  static void compareMessages(String scope, List<DescriptorProto> theirs, List<DescriptorProto> ours,
      List<String> diff, Coverage c) {
    Map<String, DescriptorProto> byName = new LinkedHashMap<>();
    ours.forEach(m -> byName.put(m.getName(), m));
    for (DescriptorProto t : theirs) {
      String name = scope + "." + t.getName();
      c.messages++;
      DescriptorProto o = byName.remove(t.getName());
      if (o == null) {
        diff.add("missing message " + name);
        countMissing(t, c);
        continue;
      }
      if (t.getOptions().getMapEntry() != o.getOptions().getMapEntry()) {
        diff.add(name + ": map_entry differs");
      }
      boolean ok = compareFields(name, t, o, diff, c);
      compareEnums(name, t.getEnumTypeList(), o.getEnumTypeList(), diff, c);
      compareMessages(name, t.getNestedTypeList(), o.getNestedTypeList(), diff, c);
      if (!t.getReservedRangeList().equals(o.getReservedRangeList())
          || !t.getReservedNameList().equals(o.getReservedNameList())) {
        diff.add(name + ": reserved ranges/names differ");
        ok = false;
      }
      if (ok) {
        c.messagesMatched++;
      }
    }
    byName.keySet().forEach(extra -> diff.add("extra message " + scope + "." + extra));
  }

  private static boolean compareFields(String message, DescriptorProto t, DescriptorProto o, List<String> diff,
      Coverage c) {
    Map<Integer, FieldDescriptorProto> byNumber = new LinkedHashMap<>();
    o.getFieldList().forEach(f -> byNumber.put(f.getNumber(), f));
    boolean all = true;
    for (FieldDescriptorProto tf : t.getFieldList()) {
      c.fields++;
      FieldDescriptorProto of = byNumber.remove(tf.getNumber());
      String where = message + "." + tf.getName() + " (=" + tf.getNumber() + ")";
      if (of == null) {
        diff.add("missing field " + where);
        all = false;
        continue;
      }
      List<String> mismatches = new ArrayList<>();
      check(mismatches, "name", tf.getName(), of.getName());
      check(mismatches, "type", tf.getType(), of.getType());
      check(mismatches, "label", tf.getLabel(), of.getLabel());
      check(mismatches, "type_name", tf.getTypeName(), of.getTypeName());
      check(mismatches, "default", tf.hasDefaultValue() ? tf.getDefaultValue() : null,
          of.hasDefaultValue() ? of.getDefaultValue() : null);
      check(mismatches, "oneof", oneofName(t, tf), oneofName(o, of));
      check(mismatches, "packed", tf.getOptions().getPacked(), of.getOptions().getPacked());
      check(mismatches, "deprecated", tf.getOptions().getDeprecated(), of.getOptions().getDeprecated());
      if (mismatches.isEmpty()) {
        c.fieldsMatched++;
      } else {
        diff.add(where + ": " + String.join(", ", mismatches));
        all = false;
      }
    }
    for (FieldDescriptorProto extra : byNumber.values()) {
      diff.add("extra field " + message + "." + extra.getName() + " (=" + extra.getNumber() + ")");
      all = false;
    }
    return all;
  }

  private static String oneofName(DescriptorProto m, FieldDescriptorProto f) {
    return f.hasOneofIndex() ? m.getOneofDecl(f.getOneofIndex()).getName() : null;
  }

  private static void check(List<String> out, String what, Object theirs, Object ours) {
    if (theirs == null ? ours != null : !theirs.equals(ours)) {
      out.add(what + " " + ours + " != official " + theirs);
    }
  }

  static void compareEnums(String scope, List<EnumDescriptorProto> theirs, List<EnumDescriptorProto> ours,
      List<String> diff, Coverage c) {
    Map<String, EnumDescriptorProto> byName = new LinkedHashMap<>();
    ours.forEach(e -> byName.put(e.getName(), e));
    for (EnumDescriptorProto t : theirs) {
      String name = scope + "." + t.getName();
      c.enums++;
      c.enumValues += t.getValueCount();
      EnumDescriptorProto o = byName.remove(t.getName());
      if (o == null) {
        diff.add("missing enum " + name);
        continue;
      }
      Map<String, Integer> ourValues = new LinkedHashMap<>();
      o.getValueList().forEach(v -> ourValues.put(v.getName(), v.getNumber()));
      boolean all = true;
      for (EnumValueDescriptorProto tv : t.getValueList()) {
        Integer number = ourValues.remove(tv.getName());
        if (number == null) {
          diff.add("missing enum value " + name + "." + tv.getName());
          all = false;
        } else if (number != tv.getNumber()) {
          diff.add("enum value " + name + "." + tv.getName() + " = " + number + " != official " + tv.getNumber());
          all = false;
        } else {
          c.enumValuesMatched++;
        }
      }
      for (String extra : ourValues.keySet()) {
        diff.add("extra enum value " + name + "." + extra);
        all = false;
      }
      if (all) {
        c.enumsMatched++;
      }
    }
    byName.keySet().forEach(extra -> diff.add("extra enum " + scope + "." + extra));
  }

  private static void countMissing(DescriptorProto m, Coverage c) {
    c.fields += m.getFieldCount();
    for (EnumDescriptorProto e : m.getEnumTypeList()) {
      c.enums++;
      c.enumValues += e.getValueCount();
    }
    for (DescriptorProto n : m.getNestedTypeList()) {
      c.messages++;
      countMissing(n, c);
    }
  }
}
