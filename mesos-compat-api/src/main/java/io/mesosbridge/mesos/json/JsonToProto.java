package io.mesosbridge.mesos.json;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Merges a {@link JsonText} tree into a protobuf builder with the Mesos master's (stout's) rules: members are found
 * by proto field name (or, leniently, by lowerCamel JSON name); unknown members are ignored; {@code null} leaves a
 * field unset; enums by name (or number); an unknown enum value is dropped unless the field is required; bytes are
 * Base64; integers must be integral and in range (numbers, or strings holding numbers); every message, including
 * well-known types such as {@code google.protobuf.Duration}, is a plain JSON object of its fields. Map fields accept
 * an object ({@code {"k": v}}) or an array of {@code {"key", "value"}} entries.
 */
final class JsonToProto {

  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private JsonToProto() {}

  static void merge(Map<String, Object> object, Message.Builder builder, String path) throws MesosJsonException {
    Descriptor type = builder.getDescriptorForType();
    for (Map.Entry<String, Object> member : object.entrySet()) {
      FieldDescriptor field = type.findFieldByName(member.getKey());
      if (field == null) {
        field = byJsonName(type, member.getKey());
      }
      Object value = member.getValue();
      if (field == null || value == JsonText.NULL) {
        continue;
      }
      String where = path + "." + field.getName();
      if (field.isMapField()) {
        mergeMap(field, value, builder, where);
      } else if (field.isRepeated()) {
        if (value instanceof List<?> list) {
          for (int k = 0; k < list.size(); k++) {
            if (list.get(k) != JsonText.NULL) {
              add(field, list.get(k), builder, where + "[" + k + "]");
            }
          }
        } else {
          add(field, value, builder, where); // stout accepts a single element for a repeated field
        }
      } else {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          Message.Builder sub = builder.hasField(field)
              ? ((Message) builder.getField(field)).toBuilder()
              : builder.newBuilderForField(field);
          merge(asObject(value, where), sub, where);
          builder.setField(field, sub.buildPartial());
        } else {
          Object converted = scalar(field, value, where);
          if (converted != null) {
            builder.setField(field, converted);
          }
        }
      }
    }
  }

  private static FieldDescriptor byJsonName(Descriptor type, String name) {
    for (FieldDescriptor f : type.getFields()) {
      if (f.getJsonName().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private static void add(FieldDescriptor field, Object value, Message.Builder builder, String where)
      throws MesosJsonException {
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      Message.Builder sub = builder.newBuilderForField(field);
      merge(asObject(value, where), sub, where);
      builder.addRepeatedField(field, sub.buildPartial());
    } else {
      Object converted = scalar(field, value, where);
      if (converted != null) {
        builder.addRepeatedField(field, converted);
      }
    }
  }

  private static void mergeMap(FieldDescriptor field, Object value, Message.Builder builder, String where)
      throws MesosJsonException {
    if (value instanceof List<?>) {
      // stout without map support prints maps as repeated {key, value} entries
      for (Object entry : (List<?>) value) {
        if (entry != JsonText.NULL) {
          add(field, entry, builder, where);
        }
      }
      return;
    }
    Descriptor entryType = field.getMessageType();
    FieldDescriptor keyField = entryType.findFieldByNumber(1);
    FieldDescriptor valueField = entryType.findFieldByNumber(2);
    for (Map.Entry<String, Object> e : asObject(value, where).entrySet()) {
      String at = where + "[" + e.getKey() + "]";
      Message.Builder entry = builder.newBuilderForField(field);
      Object key = scalar(keyField, keyField.getJavaType() == FieldDescriptor.JavaType.STRING
          ? e.getKey() : new JsonText.Num(e.getKey()), at);
      entry.setField(keyField, key);
      if (e.getValue() != JsonText.NULL) {
        if (valueField.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          Message.Builder sub = entry.newBuilderForField(valueField);
          merge(asObject(e.getValue(), at), sub, at);
          entry.setField(valueField, sub.buildPartial());
        } else {
          Object converted = scalar(valueField, e.getValue(), at);
          if (converted != null) {
            entry.setField(valueField, converted);
          }
        }
      }
      builder.addRepeatedField(field, entry.buildPartial());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object value, String where) throws MesosJsonException {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new MesosJsonException("expected a JSON object for " + where + ", got " + describe(value));
  }

  /** Converts a JSON value for a non-message field; null means "drop it" (unknown enum value). */
  private static Object scalar(FieldDescriptor field, Object value, String where) throws MesosJsonException {
    try {
      switch (field.getType()) {
        case STRING:
          if (value instanceof String str) {
            return str;
          }
          break;
        case BYTES:
          if (value instanceof String str) {
            return ByteString.copyFrom(decodeBase64(str, where));
          }
          break;
        case BOOL:
          if (value instanceof Boolean b) {
            return b;
          }
          break;
        case ENUM:
          EnumValueDescriptor ev = null;
          if (value instanceof String name) {
            ev = field.getEnumType().findValueByName(name);
          } else if (value instanceof JsonText.Num) {
            ev = field.getEnumType().findValueByNumber(new BigDecimal(numberText(value)).intValueExact());
          } else {
            break;
          }
          if (ev == null) {
            if (field.isRequired()) {
              throw new MesosJsonException("unknown enum value " + describe(value) + " for required field " + where);
            }
            return null;
          }
          return ev;
        case DOUBLE:
        case FLOAT: {
          String text = numberText(value);
          if (text == null) {
            break;
          }
          double d = switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> new BigDecimal(text).doubleValue();
          };
          return field.getType() == FieldDescriptor.Type.DOUBLE ? (Object) d : (Object) (float) d;
        }
        case INT32:
        case SINT32:
        case SFIXED32: {
          String text = numberText(value);
          if (text == null) {
            break;
          }
          return new BigDecimal(text).intValueExact();
        }
        case UINT32:
        case FIXED32: {
          String text = numberText(value);
          if (text == null) {
            break;
          }
          long v = new BigDecimal(text).longValueExact();
          if (v < 0 || v > 0xFFFFFFFFL) {
            throw new ArithmeticException("out of range");
          }
          return (int) v;
        }
        case INT64:
        case SINT64:
        case SFIXED64: {
          String text = numberText(value);
          if (text == null) {
            break;
          }
          return new BigDecimal(text).longValueExact();
        }
        case UINT64:
        case FIXED64: {
          String text = numberText(value);
          if (text == null) {
            break;
          }
          BigInteger v = new BigDecimal(text).toBigIntegerExact();
          if (v.signum() < 0 || v.compareTo(UINT64_MAX) > 0) {
            throw new ArithmeticException("out of range");
          }
          return v.longValue();
        }
        default:
          break;
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new MesosJsonException("bad " + field.getType().name().toLowerCase() + " value " + describe(value)
          + " for " + where, e);
    }
    throw new MesosJsonException("not expecting " + describe(value) + " for " + field.getType().name().toLowerCase()
        + " field " + where);
  }

  private static final int MAX_NUMBER_TEXT = 400;

  /** The text of a JSON number, or of a string holding one; null for anything else. */
  private static String numberText(Object value) {
    String text = null;
    if (value instanceof JsonText.Num num) {
      text = num.text();
    } else if (value instanceof String str) {
      text = str.strip();
    }
    if (text != null && text.length() > MAX_NUMBER_TEXT) {
      throw new NumberFormatException("number too long");
    }
    if (text != null && !text.matches("NaN|-?Infinity")) {
      // guard BigDecimal against huge exponents (e.g. 1e999999999) before any arithmetic
      BigDecimal d = new BigDecimal(text);
      if (Math.abs((long) d.scale()) > 1000 || d.precision() - (long) d.scale() > 1000) {
        throw new ArithmeticException("number out of range");
      }
    }
    return text;
  }

  private static byte[] decodeBase64(String s, String where) throws MesosJsonException {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(s);
      } catch (IllegalArgumentException e2) {
        throw new MesosJsonException("bad Base64 for bytes field " + where, e);
      }
    }
  }

  private static String describe(Object value) {
    if (value instanceof String str) {
      return "string \"" + (str.length() > 40 ? str.substring(0, 40) + "..." : str) + "\"";
    }
    if (value instanceof JsonText.Num num) {
      return "number " + (num.text().length() > 40 ? num.text().substring(0, 40) + "..." : num.text());
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    return String.valueOf(value);
  }
}
