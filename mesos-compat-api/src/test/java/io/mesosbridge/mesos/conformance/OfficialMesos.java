package io.mesosbridge.mesos.conformance;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The official Apache Mesos 1.11.0 Java classes, loaded in an isolated class loader together with the protobuf-java
 * 3.5.1 runtime they were generated for (they do not link against protobuf-java 4.x). The jars are copied to
 * {@code target/official-mesos} by maven-dependency-plugin; the directory is passed in the {@code official.mesos.dir}
 * system property.
 *
 * <p>Everything crosses the class-loader boundary as bytes or strings: serialized {@code FileDescriptorProto}s,
 * serialized messages and JSON text.
 */
public final class OfficialMesos {

  /** Outer classes of the official v1 API, keyed by the .proto file they were generated from. */
  public static final Map<String, String> V1_OUTER_CLASSES = new LinkedHashMap<>();

  static {
    V1_OUTER_CLASSES.put("mesos/v1/mesos.proto", "org.apache.mesos.v1.Protos");
    V1_OUTER_CLASSES.put("mesos/v1/scheduler/scheduler.proto", "org.apache.mesos.v1.scheduler.Protos");
    V1_OUTER_CLASSES.put("mesos/v1/executor/executor.proto", "org.apache.mesos.v1.executor.Protos");
    V1_OUTER_CLASSES.put("mesos/v1/master/master.proto", "org.apache.mesos.v1.master.Protos");
    V1_OUTER_CLASSES.put("mesos/v1/agent/agent.proto", "org.apache.mesos.v1.agent.Protos");
    V1_OUTER_CLASSES.put("mesos/v1/maintenance/maintenance.proto", "org.apache.mesos.v1.maintenance.Protos");
    V1_OUTER_CLASSES.put("mesos/v1/quota/quota.proto", "org.apache.mesos.v1.quota.Protos");
    V1_OUTER_CLASSES.put("mesos/v1/allocator/allocator.proto", "org.apache.mesos.v1.allocator.Protos");
    V1_OUTER_CLASSES.put(
        "mesos/v1/resource_provider/resource_provider.proto", "org.apache.mesos.v1.resource_provider.Protos");
  }

  /** Outer classes of the official v0 API that the libprocess protocol carries. */
  public static final Map<String, String> V0_OUTER_CLASSES = new LinkedHashMap<>();

  static {
    V0_OUTER_CLASSES.put("mesos/mesos.proto", "org.apache.mesos.Protos");
    V0_OUTER_CLASSES.put("mesos/scheduler/scheduler.proto", "org.apache.mesos.scheduler.Protos");
  }

  private static OfficialMesos instance;

  private final ClassLoader loader;

  private OfficialMesos(ClassLoader loader) {
    this.loader = loader;
  }

  /** The shared instance; fails (never skips) when the jars are missing. */
  public static synchronized OfficialMesos get() {
    if (instance == null) {
      String dir = System.getProperty("official.mesos.dir", "target/official-mesos");
      instance = new OfficialMesos(isolatedLoader(Path.of(dir)));
    }
    return instance;
  }

  private static ClassLoader isolatedLoader(Path dir) {
    List<URL> urls = new ArrayList<>();
    try (Stream<Path> jars = Files.list(dir)) {
      for (Path jar : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar")).sorted()::iterator) {
        urls.add(jar.toUri().toURL());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("official Mesos jars not found in " + dir.toAbsolutePath(), e);
    }
    if (urls.stream().noneMatch(u -> u.getPath().contains("/mesos-1.11.0.jar"))) {
      throw new IllegalStateException("mesos-1.11.0.jar missing from " + dir.toAbsolutePath());
    }
    // Parent = platform loader: the isolated classes never see protobuf-java 4.x from the test class path.
    return new URLClassLoader("official-mesos", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /** The official descriptor of one .proto file (v1 or v0), as a protobuf-java 4.x {@link FileDescriptorProto}. */
  public FileDescriptorProto fileDescriptor(String protoFile) {
    String outer = V1_OUTER_CLASSES.getOrDefault(protoFile, V0_OUTER_CLASSES.get(protoFile));
    if (outer == null) {
      throw new IllegalArgumentException("not an official file: " + protoFile);
    }
    try {
      Object fd = loader.loadClass(outer).getMethod("getDescriptor").invoke(null);
      Object proto = fd.getClass().getMethod("toProto").invoke(fd);
      byte[] bytes = (byte[]) proto.getClass().getMethod("toByteArray").invoke(proto);
      return FileDescriptorProto.parseFrom(bytes);
    } catch (ReflectiveOperationException | IOException e) {
      throw new IllegalStateException("cannot read official descriptor of " + protoFile, e);
    }
  }

  /** Loads an official message class by its binary name, e.g. {@code org.apache.mesos.v1.scheduler.Protos$Call}. */
  public Class<?> messageClass(String binaryName) {
    try {
      return loader.loadClass(binaryName);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(binaryName, e);
    }
  }

  /** Parses protobuf bytes with the official class and re-serializes them with the official runtime. */
  public byte[] reserialize(String binaryName, byte[] bytes) {
    Object message = parseBytes(binaryName, bytes);
    return (byte[]) invoke(message, "toByteArray");
  }

  /** Parses protobuf bytes with the official class (required fields checked, as {@code parseFrom} does). */
  public Object parseBytes(String binaryName, byte[] bytes) {
    try {
      Method parseFrom = messageClass(binaryName).getMethod("parseFrom", byte[].class);
      return parseFrom.invoke(null, (Object) bytes);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("official parse failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses JSON with the official protobuf-java-util 3.5.1 {@code JsonFormat} into the official class and returns
   * the official serialized bytes.
   */
  public byte[] jsonToBytes(String binaryName, String json) {
    try {
      Class<?> jsonFormat = loader.loadClass("com.google.protobuf.util.JsonFormat");
      Object parser = jsonFormat.getMethod("parser").invoke(null);
      parser = parser.getClass().getMethod("ignoringUnknownFields").invoke(parser);
      Object builder = messageClass(binaryName).getMethod("newBuilder").invoke(null);
      Class<?> builderIface = loader.loadClass("com.google.protobuf.Message$Builder");
      parser.getClass().getMethod("merge", String.class, builderIface).invoke(parser, json, builder);
      Object message = builder.getClass().getMethod("build").invoke(builder);
      return (byte[]) invoke(message, "toByteArray");
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("official JSON parse failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Prints an official message (parsed from bytes) with the official JsonFormat, proto field names preserved. */
  public String bytesToJson(String binaryName, byte[] bytes) {
    Object message = parseBytes(binaryName, bytes);
    try {
      Class<?> jsonFormat = loader.loadClass("com.google.protobuf.util.JsonFormat");
      Object printer = jsonFormat.getMethod("printer").invoke(null);
      printer = printer.getClass().getMethod("preservingProtoFieldNames").invoke(printer);
      Class<?> orBuilder = loader.loadClass("com.google.protobuf.MessageOrBuilder");
      return (String) printer.getClass().getMethod("print", orBuilder).invoke(printer, message);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("official JSON print failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object invoke(Object target, String method) {
    try {
      return target.getClass().getMethod(method).invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
