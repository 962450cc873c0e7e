package io.mesosbridge.mesos.conformance;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One-off tool (kept for reference, not part of the build or the test run): writes schema text for every official
 * Mesos v1 .proto file into a directory, from the descriptors of {@code org.apache.mesos:mesos:1.11.0}.
 *
 * <p>Usage: {@code java -Dofficial.mesos.dir=target/official-mesos -cp <test class path>
 * io.mesosbridge.mesos.conformance.GenerateProtoFiles <output dir>}
 */
public final class GenerateProtoFiles {

  private GenerateProtoFiles() {}

  public static void main(String[] args) throws IOException {
    Path outDir = Path.of(args.length > 0 ? args[0] : "target/generated-schema");
    OfficialMesos official = OfficialMesos.get();
    for (Map.Entry<String, String> e : OfficialMesos.V1_OUTER_CLASSES.entrySet()) {
      FileDescriptorProto fd = official.fileDescriptor(e.getKey());
      Path target = outDir.resolve(e.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, ProtoSchemaWriter.write(fd));
      System.out.println("wrote " + target + " (" + fd.getMessageTypeCount() + " top-level messages)");
    }
  }
}
