package io.mesosbridge.mesos.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.mesosbridge.mesos.internal.Messages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The libprocess protocol carries v0 messages ({@code mesos.scheduler.Call}, {@code mesos.FrameworkInfo}, ...), which
 * the master reads and writes with its v1 classes and with our {@code mesos.internal} messages. That holds only where
 * the official v0 descriptors and ours agree on every field number, type and label, recursively: this walks them side
 * by side, field number by field number, from the v0 scheduler Call and from every type our internal messages carry.
 */
class V0WireCompatibilityTest {

  /**
   * Enums the master only sends (in MasterInfo), never reads: a v0 value it lacks (QUOTA_V2, which the official v1
   * API does not have either) can never reach it.
   */
  private static final Set<String> ONLY_SENT_ENUMS = Set.of("mesos.MasterInfo.Capability.Type");

  @Test
  void theV0SchedulerCallIsDefinedByOursFieldForField() throws Exception {
    Descriptor theirs = official("mesos/scheduler/scheduler.proto").findMessageTypeByName("Call");
    List<String> differences = new ArrayList<>();
    compare(theirs, io.mesosbridge.mesos.v0.scheduler.Protos.Call.getDescriptor(), "mesos.scheduler.Call",
        differences, new HashSet<>());
    differences.forEach(d -> System.out.println("  DIFFERENCE: " + d));
    assertThat(differences).isEmpty();
  }

  @Test
  void everyV0TypeOurInternalMessagesCarryIsWireCompatibleWithOurV1Type() throws Exception {
    FileDescriptor v0 = official("mesos/mesos.proto");
    List<String> differences = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int compared = 0;
    for (Descriptor message : Messages.getDescriptor().getMessageTypes()) {
      for (FieldDescriptor field : message.getFields()) {
        if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE
            || !field.getMessageType().getFullName().startsWith("mesos.v1.")) {
          continue;
        }
        String v0Name = field.getMessageType().getName().replace("Agent", "Slave");
        Descriptor theirs = v0.findMessageTypeByName(v0Name);
        assertThat(theirs).as("official v0 type for %s", field.getMessageType().getFullName()).isNotNull();
        compare(theirs, field.getMessageType(), message.getName() + "." + field.getName(), differences, seen);
        compared++;
      }
    }
    differences.forEach(d -> System.out.println("  DIFFERENCE: " + d));
    assertThat(differences).isEmpty();
    assertThat(compared).isGreaterThan(30);
    assertThat(seen).as("types walked").hasSizeGreaterThan(100);
  }

  /** Same numbers, types and labels on both sides, nested messages compared the same way. */
  private static void compare(Descriptor theirs, Descriptor ours, String path, List<String> differences,
      Set<String> seen) {
    if (!seen.add(theirs.getFullName() + "=" + ours.getFullName())) {
      return;
    }
    for (FieldDescriptor their : theirs.getFields()) {
      FieldDescriptor our = ours.findFieldByNumber(their.getNumber());
      String where = path + "." + their.getName() + " (" + their.getNumber() + ")";
      if (our == null) {
        differences.add(where + ": missing in " + ours.getFullName());
        continue;
      }
      if (our.getType() != their.getType() || our.isRepeated() != their.isRepeated()
          || our.isRequired() != their.isRequired()) {
        differences.add(where + ": " + their.getType() + "/" + label(their) + " in v0, " + our.getType() + "/"
            + label(our) + " in ours");
        continue;
      }
      if (their.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        compare(their.getMessageType(), our.getMessageType(), where, differences, seen);
      } else if (their.getJavaType() == FieldDescriptor.JavaType.ENUM) {
        their.getEnumType().getValues().stream()
            .filter(value -> our.getEnumType().findValueByNumber(value.getNumber()) == null)
            .filter(value -> !ONLY_SENT_ENUMS.contains(their.getEnumType().getFullName()))
            .forEach(value -> differences.add(where + ": v0 enum value " + value.getName() + " missing"));
        our.getEnumType().getValues().stream()
            .filter(value -> their.getEnumType().findValueByNumber(value.getNumber()) == null)
            .forEach(value -> differences.add(where + ": enum value " + value.getName() + " not in v0"));
      }
    }
    for (FieldDescriptor our : ours.getFields()) {
      if (theirs.findFieldByNumber(our.getNumber()) == null) {
        differences.add(path + "." + our.getName() + " (" + our.getNumber() + "): not in v0 "
            + theirs.getFullName());
      }
    }
  }

  private static String label(FieldDescriptor field) {
    return field.isRepeated() ? "repeated" : field.isRequired() ? "required" : "optional";
  }

  private static FileDescriptor official(String file) throws Exception {
    OfficialMesos official = OfficialMesos.get();
    FileDescriptor mesos = FileDescriptor.buildFrom(official.fileDescriptor("mesos/mesos.proto"),
        new FileDescriptor[0]);
    if (file.equals("mesos/mesos.proto")) {
      return mesos;
    }
    FileDescriptorProto proto = official.fileDescriptor(file);
    return FileDescriptor.buildFrom(proto, new FileDescriptor[] {mesos});
  }
}
