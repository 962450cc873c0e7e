package io.mesosbridge.mesos.resources;

import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.v1.Protos.Offer;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's {@code --resources} text: {@code cpus:4;mem:8192;disk:100000;ports:[8000-9000]}, with an optional
 * static reservation role in parentheses ({@code cpus(ads):2}), or a JSON array of {@code Resource} objects.
 */
public final class ResourceStrings {

  private ResourceStrings() {}

  /** Parses with unreserved ({@code "*"}) as the default role. */
  public static Resources parse(String text) {
    return parse(text, "*");
  }

  /**
   * Parses the agent resource text. Each {@code ;}-separated token is {@code name[(role)]:value}; the value is a
   * scalar, {@code [a-b, ...]} ranges or a {@code {x, y}} set (text values are not resources). A role other than
   * {@code "*"} becomes a STATIC reservation ({@code reservations=[{type: STATIC, role}]}). Tokens with the same
   * name and role are added together. A text starting with {@code [} is read as a JSON array of Resources.
   *
   * @throws ResourceParseException on malformed text or a resource Mesos would reject
   */
  public static Resources parse(String text, String defaultRole) {
    String trimmed = text.strip();
    if (trimmed.startsWith("[")) {
      return parseJson(trimmed);
    }
    List<Resource> out = new ArrayList<>();
    for (String token : Values.tokenize(text, ";")) {
      List<String> pair = Values.tokenize(token, ":");
      if (pair.size() != 2) {
        throw new ResourceParseException("bad resource '" + token + "': missing or extra ':'");
      }
      String head = pair.get(0);
      String name;
      String role;
      int open = head.indexOf('(');
      if (open < 0) {
        name = head.strip();
        role = defaultRole;
      } else {
        int close = head.indexOf(')');
        if (close < open || !head.substring(close + 1).isBlank()) {
          throw new ResourceParseException("bad resource '" + token + "': mismatched parentheses");
        }
        name = head.substring(0, open).strip();
        role = head.substring(open + 1, close).strip();
      }
      if (name.isEmpty()) {
        throw new ResourceParseException("bad resource '" + token + "': empty name");
      }
      validateRole(role, token);
      out.add(resource(name, Values.parse(pair.get(1)), role, token));
    }
    try {
      return Resources.of(out);
    } catch (IllegalArgumentException e) {
      throw new ResourceParseException(e.getMessage(), e);
    }
  }

  private static Resource resource(String name, Value value, String role, String token) {
    Resource.Builder b = Resource.newBuilder().setName(name).setType(value.getType());
    switch (value.getType()) {
      case SCALAR -> b.setScalar(value.getScalar());
      case RANGES -> b.setRanges(value.getRanges());
      case SET -> b.setSet(value.getSet());
      default -> throw new ResourceParseException("bad resource '" + token + "': a " + value.getType()
          + " value is not a resource (use a number, [ranges] or {set})");
    }
    if (!"*".equals(role)) {
      b.addReservations(Resource.ReservationInfo.newBuilder()
          .setType(Resource.ReservationInfo.Type.STATIC).setRole(role));
    }
    return b.build();
  }

  /**
   * Role names as Mesos accepts them: a path of '/'-separated components (hierarchical roles, {@code eng/web}),
   * without a leading, trailing or doubled '/'; no component is ., .. or *, starts with '-' or holds '\\',
   * whitespace or controls.
   */
  static void validateRole(String role, String token) {
    if ("*".equals(role)) {
      return;
    }
    boolean bad = role.isEmpty() || role.startsWith("/") || role.endsWith("/") || role.contains("//");
    for (String component : Values.tokenize(role, "/")) {
      bad |= component.equals(".") || component.equals("..") || component.equals("*") || component.startsWith("-");
      for (int i = 0; i < component.length() && !bad; i++) {
        char c = component.charAt(i);
        bad = c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c);
      }
    }
    if (bad) {
      throw new ResourceParseException("bad resource '" + token + "': invalid role '" + role + "'");
    }
  }

  private static Resources parseJson(String json) {
    // A JSON array of Resource objects is exactly the "resources" field of Offer.Operation.Reserve.
    try {
      Offer.Operation.Reserve.Builder holder = MesosJson.parse("{\"resources\":" + json + "}",
          Offer.Operation.Reserve.newBuilder());
      return Resources.of(holder.getResourcesList());
    } catch (MesosJsonException e) {
      throw new ResourceParseException("bad resources JSON: " + e.getMessage(), e);
    } catch (ResourceParseException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ResourceParseException("bad resources JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Prints resources in the agent text form, {@code ;}-separated: {@code cpus:4;mem:8192;ports:[8000-9000]}, with
   * {@code (role)} for a single static reservation. {@code parse(print(r)).equals(r)} for every such collection.
   *
   * @throws IllegalArgumentException if a resource carries something the text form cannot express (dynamic or
   *     refined reservations, allocation info, disk info, revocable, shared, provider); use {@link #describe} or
   *     {@link MesosJson} for those
   */
  public static String print(Iterable<Resource> resources) {
    List<String> parts = new ArrayList<>();
    for (Resource r : resources) {
      String role = printableRole(r);
      parts.add(r.getName() + (role == null ? "" : "(" + role + ")") + ":" + formatValue(r));
    }
    return String.join(";", parts);
  }

  /** Like {@link #print} but never fails: extra metadata is shown Mesos-log style, e.g. {@code cpus(allocated: r)}. */
  public static String describe(Iterable<Resource> resources) {
    List<String> parts = new ArrayList<>();
    for (Resource r : resources) {
      StringBuilder b = new StringBuilder(r.getName());
      if (r.hasAllocationInfo()) {
        b.append("(allocated: ").append(r.getAllocationInfo().getRole()).append(')');
      }
      if (r.getReservationsCount() > 0) {
        List<String> rs = new ArrayList<>();
        for (Resource.ReservationInfo ri : r.getReservationsList()) {
          rs.add("(" + ri.getType() + "," + ri.getRole() + (ri.hasPrincipal() ? "," + ri.getPrincipal() : "") + ")");
        }
        b.append("(reservations: [").append(String.join(",", rs)).append("])");
      } else if (r.hasRole() && !"*".equals(r.getRole())) {
        b.append('(').append(r.getRole()).append(')');
      }
      if (r.hasDisk()) {
        b.append("[disk]");
      }
      if (r.hasRevocable()) {
        b.append("{REV}");
      }
      if (r.hasShared()) {
        b.append("<SHARED>");
      }
      b.append(':').append(formatValue(r));
      parts.add(b.toString());
    }
    return String.join("; ", parts);
  }

  private static String printableRole(Resource r) {
    Resource extra = r.toBuilder().clearName().clearType().clearScalar().clearRanges().clearSet()
        .clearReservations().buildPartial();
    boolean legacyStar = extra.equals(Resource.newBuilder().setRole("*").buildPartial());
    if (!extra.equals(Resource.getDefaultInstance()) && !legacyStar) {
      throw new IllegalArgumentException("resource cannot be written in the agent text form: " + describe(List.of(r)));
    }
    if (r.getReservationsCount() == 0) {
      return null;
    }
    Resource.ReservationInfo only = r.getReservations(0);
    if (r.getReservationsCount() != 1 || only.getType() != Resource.ReservationInfo.Type.STATIC
        || !only.equals(Resource.ReservationInfo.newBuilder().setType(Resource.ReservationInfo.Type.STATIC)
            .setRole(only.getRole()).build())) {
      throw new IllegalArgumentException("only a single static reservation can be written in the agent text form: "
          + describe(List.of(r)));
    }
    return only.getRole();
  }

  private static String formatValue(Resource r) {
    return switch (r.getType()) {
      case SCALAR -> Values.formatScalar(r.getScalar().getValue());
      case RANGES -> Values.formatRanges(r.getRanges());
      case SET -> Values.formatSet(r.getSet());
      default -> "?";
    };
  }
}
