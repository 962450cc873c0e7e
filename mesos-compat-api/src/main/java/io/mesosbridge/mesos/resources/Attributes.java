package io.mesosbridge.mesos.resources;

import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's {@code --attributes} text: {@code rack:rack1;datacenter:dc1;zone_num:3;slots:[1-4];disks:{a,b}}.
 * Tokens are separated by {@code ;} or newlines, each is {@code name:value} split at the first {@code :}; the value
 * is typed the way Mesos types it (see {@link Values#parse}: spaces removed, then ranges, set, scalar or text).
 */
public final class Attributes {

  private Attributes() {}

  /**
   * Parses an attribute string.
   *
   * @throws ResourceParseException for a token without {@code name:value}, an empty name or value, or a bad value
   */
  public static List<Attribute> parse(String text) {
    List<Attribute> out = new ArrayList<>();
    for (String token : Values.tokenize(text, ";\n")) {
      int colon = token.indexOf(':');
      if (colon <= 0 || colon == token.length() - 1) {
        throw new ResourceParseException("invalid attribute key:value pair '" + token + "'");
      }
      out.add(parse(token.substring(0, colon), token.substring(colon + 1)));
    }
    return out;
  }

  /** Parses one attribute value. */
  public static Attribute parse(String name, String value) {
    Value v = Values.parse(value);
    Attribute.Builder b = Attribute.newBuilder().setName(name).setType(v.getType());
    switch (v.getType()) {
      case SCALAR -> b.setScalar(v.getScalar());
      case RANGES -> b.setRanges(v.getRanges());
      case SET -> b.setSet(v.getSet());
      case TEXT -> b.setText(v.getText());
    }
    return b.build();
  }

  /** Prints attributes as {@code name:value} joined by {@code ;} (values as {@link Values#format}). */
  public static String print(Iterable<Attribute> attributes) {
    List<String> parts = new ArrayList<>();
    for (Attribute a : attributes) {
      parts.add(print(a));
    }
    return String.join(";", parts);
  }

  public static String print(Attribute a) {
    Value.Builder v = Value.newBuilder().setType(a.getType());
    switch (a.getType()) {
      case SCALAR -> v.setScalar(a.getScalar());
      case RANGES -> v.setRanges(a.getRanges());
      case SET -> v.setSet(a.getSet());
      case TEXT -> v.setText(a.getText());
    }
    return a.getName() + ":" + Values.format(v.build());
  }
}
