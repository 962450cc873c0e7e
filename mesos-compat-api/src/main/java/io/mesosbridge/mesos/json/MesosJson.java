package io.mesosbridge.mesos.json;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of Mesos protobuf messages, as the Mesos master reads and writes it (stout's protobuf/JSON mapping).
 *
 * <p>Printing: proto field names (snake_case), fields in .proto declaration order (as stout does); enums by name; bytes as standard Base64;
 * every integer type (including 64-bit) as a JSON number; repeated fields as arrays (omitted when empty); map fields
 * as objects. Like the Mesos master (stout's {@code JSON::Protobuf}), an unset optional field that declares a default
 * in the .proto and is not deprecated is printed with that default (e.g. {@code "failover_timeout":0.0}); other unset
 * fields are omitted. Unknown fields are not printed.
 *
 * <p>Parsing (stout's rules, see {@code JsonToProto}): the text must be exactly one strict RFC 8259 JSON object (no
 * trailing characters, comments or unquoted strings; nesting at most 100 deep); proto field names (or lowerCamel
 * JSON names); unknown fields ignored; {@code null} means unset; integers as numbers or numeric strings, integral
 * and in range; enums by name (or number), an unknown value dropped unless the field is required; bytes Base64;
 * well-known types such as {@code google.protobuf.Duration} as plain objects of their fields; then the message must
 * be initialized (all required fields set), as the master requires.
 *
 * <p>Thread-safe.
 */
public final class MesosJson {

  private MesosJson() {}

  /** Prints a message in Mesos JSON, compactly (no whitespace). */
  public static String print(MessageOrBuilder message) {
    StringBuilder out = new StringBuilder(256);
    printMessage(message, out);
    return out.toString();
  }

  /** {@link #print} as UTF-8 bytes, ready for an {@code application/json} body. */
  public static byte[] printBytes(MessageOrBuilder message) {
    return print(message).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Merges Mesos JSON into {@code builder} and checks that the result has all required fields.
   *
   * @return the same builder, for chaining ({@code MesosJson.parse(json, Call.newBuilder()).build()})
   * @throws MesosJsonException if the text is not JSON, does not match the message's schema, or leaves required
   *     fields unset
   */
  public static <B extends Message.Builder> B parse(String json, B builder) throws MesosJsonException {
    if (json == null) {
      throw new MesosJsonException("no JSON text");
    }
    Object tree = JsonText.parse(json);
    if (!(tree instanceof Map<?, ?>)) {
      throw new MesosJsonException("expecting a JSON object for " + builder.getDescriptorForType().getFullName());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) tree;
    JsonToProto.merge(object, builder, builder.getDescriptorForType().getName());
    if (!builder.isInitialized()) {
      throw new MesosJsonException("Missing required fields in " + builder.getDescriptorForType().getFullName()
          + ": " + String.join(", ", builder.findInitializationErrors()));
    }
    return builder;
  }

  /** {@link #parse(String, Message.Builder)} on UTF-8 bytes. */
  public static <B extends Message.Builder> B parse(byte[] utf8, B builder) throws MesosJsonException {
    return parse(new String(utf8, StandardCharsets.UTF_8), builder);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static void printMessage(MessageOrBuilder message, StringBuilder out) {
    out.append('{');
    boolean first = true;
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      boolean present;
      if (field.isRepeated()) {
        present = message.getRepeatedFieldCount(field) > 0;
      } else {
        present = message.hasField(field) || (field.hasDefaultValue() && !field.getOptions().getDeprecated());
      }
      if (!present) {
        continue;
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      appendString(field.getName(), out);
      out.append(':');
      if (field.isMapField()) {
        printMap(message, field, out);
      } else if (field.isRepeated()) {
        out.append('[');
        int n = message.getRepeatedFieldCount(field);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.append(',');
          }
          printValue(field, message.getRepeatedField(field, i), out);
        }
        out.append(']');
      } else {
        printValue(field, message.getField(field), out);
      }
    }
    out.append('}');
  }

  private static void printMap(MessageOrBuilder message, FieldDescriptor field, StringBuilder out) {
    FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
    FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
    List<String> keys = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    int n = message.getRepeatedFieldCount(field);
    for (int i = 0; i < n; i++) {
      Object entry = message.getRepeatedField(field, i);
      Object key;
      Object value;
      if (entry instanceof MapEntry<?, ?> e) {
        key = e.getKey();
        value = e.getValue();
      } else {
        Message m = (Message) entry;
        key = m.getField(keyField);
        value = m.getField(valueField);
      }
      // later entries with the same key win, as in a protobuf map
      int existing = keys.indexOf(String.valueOf(key));
      if (existing >= 0) {
        keys.remove(existing);
        values.remove(existing);
      }
      keys.add(String.valueOf(key));
      values.add(value);
    }
    out.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      appendString(keys.get(i), out);
      out.append(':');
      printValue(valueField, values.get(i), out);
    }
    out.append('}');
  }

  private static void printValue(FieldDescriptor field, Object value, StringBuilder out) {
    switch (field.getType()) {
      case MESSAGE, GROUP -> printMessage((MessageOrBuilder) value, out);
      case ENUM -> appendString(((EnumValueDescriptor) value).getName(), out);
      case STRING -> appendString((String) value, out);
      case BYTES -> {
        out.append('"').append(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray())).append('"');
      }
      case BOOL -> out.append(((Boolean) value).booleanValue());
      case INT32, SINT32, SFIXED32 -> out.append(((Integer) value).intValue());
      case UINT32, FIXED32 -> out.append(Integer.toUnsignedString((Integer) value));
      case INT64, SINT64, SFIXED64 -> out.append(((Long) value).longValue());
      case UINT64, FIXED64 -> out.append(Long.toUnsignedString((Long) value));
      case DOUBLE -> appendDouble((Double) value, out);
      case FLOAT -> {
        // widen via the shortest decimal form, so 0.1f prints as 0.1 rather than 0.10000000149011612
        appendDouble(Double.parseDouble(Float.toString((Float) value)), out);
      }
      default -> throw new IllegalStateException("unexpected field type " + field.getType());
    }
  }

  private static void appendDouble(double d, StringBuilder out) {
    if (Double.isNaN(d)) {
      out.append("\"NaN\"");
    } else if (Double.isInfinite(d)) {
      out.append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else {
      String text = Double.toString(d);
      double magnitude = Math.abs(d);
      if (text.indexOf('E') >= 0 && magnitude >= 1e-7 && magnitude < 1e21) {
        // plain notation for everyday magnitudes (timestamps, memory sizes): 1764120000.123, not 1.764120000123E9
        text = new java.math.BigDecimal(text).toPlainString();
        if (text.indexOf('.') < 0) {
          text = text + ".0";
        }
      }
      out.append(text);
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void appendString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
