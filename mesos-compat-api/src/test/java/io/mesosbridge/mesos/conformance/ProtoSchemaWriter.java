package io.mesosbridge.mesos.conformance;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the schema facts of a {@link FileDescriptorProto} (names, numbers, types, labels, defaults, enum values,
 * reserved ranges, deprecation marks) as proto2 source text, with our Java package. This is how the files under
 * {@code src/main/proto} were first produced from the official Mesos 1.11.0 descriptors (see
 * {@link GenerateProtoFiles}); since then they are maintained by hand and {@code DescriptorConformanceTest} keeps them
 * identical on the wire.
 *
 * <p>Only constructs that Mesos v1 uses are supported; anything else (oneofs, extensions, groups, services) fails
 * loudly rather than being dropped.
 */
public final class ProtoSchemaWriter {

  private ProtoSchemaWriter() {}

  /** Maps an official Java package ({@code org.apache.mesos.v1...}) to ours ({@code io.mesosbridge.mesos.v1...}). */
  public static String ourJavaPackage(String officialJavaPackage) {
    if (!officialJavaPackage.startsWith("org.apache.mesos.")) {
      throw new IllegalArgumentException("unexpected java package " + officialJavaPackage);
    }
    return "io.mesosbridge.mesos." + officialJavaPackage.substring("org.apache.mesos.".length());
  }

  public static String write(FileDescriptorProto file) {
    if (file.getServiceCount() > 0 || file.getExtensionCount() > 0) {
      throw new IllegalArgumentException(file.getName() + ": services/extensions are not supported");
    }
    StringBuilder out = new StringBuilder();
    out.append("// Mesos v1 API schema for mesos-bridge (wire-compatible with Apache Mesos 1.11).\n");
    out.append("// First generated from the official descriptors by ProtoSchemaWriter; maintained by hand since.\n");
    out.append("// DescriptorConformanceTest keeps names, numbers, types, labels and enum values identical.\n\n");
    String syntax = file.getSyntax().isEmpty() ? "proto2" : file.getSyntax();
    out.append("syntax = \"").append(syntax).append("\";\n\n");
    for (String dep : file.getDependencyList()) {
      out.append("import \"").append(dep).append("\";\n");
    }
    if (file.getDependencyCount() > 0) {
      out.append('\n');
    }
    out.append("package ").append(file.getPackage()).append(";\n\n");
    var options = file.getOptions();
    if (!options.toBuilder().clearJavaPackage().clearJavaOuterClassname().build().getAllFields().isEmpty()) {
      throw new IllegalArgumentException(file.getName() + ": unsupported file options " + options);
    }
    out.append("option java_package = \"").append(ourJavaPackage(options.getJavaPackage())).append("\";\n");
    if (options.hasJavaOuterClassname()) {
      out.append("option java_outer_classname = \"").append(options.getJavaOuterClassname()).append("\";\n");
    }
    out.append('\n');
    for (EnumDescriptorProto e : file.getEnumTypeList()) {
      writeEnum(out, e, "");
      out.append('\n');
    }
    for (DescriptorProto m : file.getMessageTypeList()) {
      writeMessage(out, m, "");
      out.append('\n');
    }
    return out.toString().stripTrailing() + "\n";
  }

  private static void writeEnum(StringBuilder out, EnumDescriptorProto e, String indent) {
    if (!e.getOptions().toBuilder().clearAllowAlias().build().getAllFields().isEmpty()) {
      throw new IllegalArgumentException(e.getName() + ": unsupported enum options " + e.getOptions());
    }
    out.append(indent).append("enum ").append(e.getName()).append(" {\n");
    if (e.getOptions().getAllowAlias()) {
      out.append(indent).append("  option allow_alias = true;\n");
    }
    for (EnumValueDescriptorProto v : e.getValueList()) {
      out.append(indent).append("  ").append(v.getName()).append(" = ").append(v.getNumber());
      if (v.getOptions().getDeprecated()) {
        out.append(" [deprecated = true]");
      }
      out.append(";\n");
    }
    writeReserved(out, e.getReservedRangeList().stream().map(r -> new int[] {r.getStart(), r.getEnd() + 1}).toList(),
        e.getReservedNameList(), indent);
    out.append(indent).append("}\n");
  }

  private static void writeMessage(StringBuilder out, DescriptorProto m, String indent) {
    if (m.getExtensionCount() > 0 || m.getExtensionRangeCount() > 0) {
      throw new IllegalArgumentException(m.getName() + ": extensions are not supported");
    }
    if (!m.getOptions().toBuilder().clearMapEntry().build().getAllFields().isEmpty()) {
      throw new IllegalArgumentException(m.getName() + ": unsupported message options " + m.getOptions());
    }
    out.append(indent).append("message ").append(m.getName()).append(" {\n");
    String inner = indent + "  ";
    for (EnumDescriptorProto e : m.getEnumTypeList()) {
      writeEnum(out, e, inner);
      out.append('\n');
    }
    java.util.Map<String, DescriptorProto> mapEntries = new java.util.HashMap<>();
    for (DescriptorProto nested : m.getNestedTypeList()) {
      if (nested.getOptions().getMapEntry()) {
        mapEntries.put(nested.getName(), nested);
        continue;
      }
      writeMessage(out, nested, inner);
      out.append('\n');
    }
    java.util.Set<Integer> writtenOneofs = new java.util.HashSet<>();
    for (FieldDescriptorProto f : m.getFieldList()) {
      DescriptorProto mapEntry = f.getType() == FieldDescriptorProto.Type.TYPE_MESSAGE
          ? mapEntries.get(f.getTypeName().substring(f.getTypeName().lastIndexOf('.') + 1))
          : null;
      if (mapEntry != null && f.getTypeName().endsWith("." + m.getName() + "." + mapEntry.getName())) {
        out.append(inner).append("map<").append(typeName(mapEntry.getField(0))).append(", ")
            .append(typeName(mapEntry.getField(1))).append("> ").append(f.getName()).append(" = ")
            .append(f.getNumber()).append(";\n");
      } else if (!f.hasOneofIndex()) {
        writeField(out, f, inner, true);
      } else if (writtenOneofs.add(f.getOneofIndex())) {
        int index = f.getOneofIndex();
        out.append(inner).append("oneof ").append(m.getOneofDecl(index).getName()).append(" {\n");
        for (FieldDescriptorProto member : m.getFieldList()) {
          if (member.hasOneofIndex() && member.getOneofIndex() == index) {
            writeField(out, member, inner + "  ", false);
          }
        }
        out.append(inner).append("}\n");
      }
    }
    writeReserved(out, m.getReservedRangeList().stream().map(r -> new int[] {r.getStart(), r.getEnd()}).toList(),
        m.getReservedNameList(), inner);
    out.append(indent).append("}\n");
  }

  private static void writeField(StringBuilder out, FieldDescriptorProto f, String indent, boolean withLabel) {
    if (f.getType() == FieldDescriptorProto.Type.TYPE_GROUP || f.hasExtendee()) {
      throw new IllegalArgumentException(f.getName() + ": groups/extensions are not supported");
    }
    if (!f.getOptions().toBuilder().clearPacked().clearDeprecated().build().getAllFields().isEmpty()) {
      throw new IllegalArgumentException(f.getName() + ": unsupported field options " + f.getOptions());
    }
    out.append(indent);
    if (withLabel) {
      out.append(label(f.getLabel())).append(' ');
    }
    out.append(typeName(f)).append(' ')
        .append(f.getName()).append(" = ").append(f.getNumber());
    List<String> opts = new ArrayList<>();
    if (f.hasDefaultValue()) {
      opts.add("default = " + defaultLiteral(f));
    }
    if (f.getOptions().hasPacked()) {
      opts.add("packed = " + f.getOptions().getPacked());
    }
    if (f.getOptions().getDeprecated()) {
      opts.add("deprecated = true");
    }
    if (!opts.isEmpty()) {
      out.append(" [").append(String.join(", ", opts)).append(']');
    }
    out.append(";\n");
  }

  private static void writeReserved(StringBuilder out, List<int[]> ranges, List<String> names, String indent) {
    // ranges: [start, end) exclusive
    if (!ranges.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (int[] r : ranges) {
        int last = r[1] - 1;
        if (last == r[0]) {
          parts.add(Integer.toString(r[0]));
        } else if (r[1] == 536870912) {
          parts.add(r[0] + " to max");
        } else {
          parts.add(r[0] + " to " + last);
        }
      }
      out.append(indent).append("reserved ").append(String.join(", ", parts)).append(";\n");
    }
    if (!names.isEmpty()) {
      List<String> quoted = names.stream().map(n -> "\"" + n + "\"").toList();
      out.append(indent).append("reserved ").append(String.join(", ", quoted)).append(";\n");
    }
  }

  private static String label(FieldDescriptorProto.Label label) {
    return switch (label) {
      case LABEL_OPTIONAL -> "optional";
      case LABEL_REQUIRED -> "required";
      case LABEL_REPEATED -> "repeated";
    };
  }

  private static String typeName(FieldDescriptorProto f) {
    return switch (f.getType()) {
      case TYPE_MESSAGE, TYPE_ENUM -> f.getTypeName();
      default -> f.getType().name().substring("TYPE_".length()).toLowerCase();
    };
  }

  private static String defaultLiteral(FieldDescriptorProto f) {
    String v = f.getDefaultValue();
    return switch (f.getType()) {
      case TYPE_STRING -> quote(v);
      case TYPE_BYTES -> "\"" + v + "\""; // already C-escaped in the descriptor
      default -> v;
    };
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
