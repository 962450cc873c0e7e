package io.mesosbridge.mesos.resources;

import io.mesosbridge.mesos.v1.Protos.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Mesos {@code Value} arithmetic and text: scalars in fixed point with three decimal places, ranges as coalesced
 * intervals of unsigned 64-bit integers, sets as ordered collections of distinct strings.
 */
public final class Values {

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private Values() {}

  // ---- scalars ----------------------------------------------------------------------------------------------------

  /** Mesos fixed-point form of a scalar: {@code llround(value * 1000)} (halves round away from zero). */
  public static long toFixed(double value) {
    double scaled = value * 1000;
    return scaled < 0 ? -Math.round(-scaled) : Math.round(scaled);
  }

  /**
   * The double a fixed-point scalar stands for, computed as Mesos does: whole part plus the thousandths divided
   * separately, so that only values in [0, 999] go through a floating-point division.
   */
  public static double fromFixed(long fixed) {
    return (double) (fixed / 1000) + (double) (fixed % 1000) / 1000;
  }

  /** Rounds a scalar to Mesos precision (three decimal places). */
  public static double round(double value) {
    return fromFixed(toFixed(value));
  }

  /** A scalar as text, e.g. {@code 4}, {@code 0.5}, {@code 8192} (plain decimal, at most three places). */
  public static String formatScalar(double value) {
    return BigDecimal.valueOf(toFixed(value), 3).stripTrailingZeros().toPlainString();
  }

  // ---- ranges -----------------------------------------------------------------------------------------------------

  /** Sorts and merges overlapping and adjacent ranges ({@code [1-2],[3-4]} becomes {@code [1-4]}). */
  public static Value.Ranges coalesce(Value.Ranges ranges) {
    List<Value.Range> sorted = new ArrayList<>(ranges.getRangeList());
    sorted.sort(Comparator.comparing(Value.Range::getBegin, Long::compareUnsigned));
    Value.Ranges.Builder out = Value.Ranges.newBuilder();
    long begin = 0;
    long end = 0;
    boolean open = false;
    for (Value.Range r : sorted) {
      if (Long.compareUnsigned(r.getBegin(), r.getEnd()) > 0) {
        throw new IllegalArgumentException("range begin > end: " + Long.toUnsignedString(r.getBegin()) + "-"
            + Long.toUnsignedString(r.getEnd()));
      }
      if (open && (end == -1L || Long.compareUnsigned(r.getBegin(), end + 1) <= 0)) {
        if (Long.compareUnsigned(r.getEnd(), end) > 0) {
          end = r.getEnd();
        }
      } else {
        if (open) {
          out.addRange(range(begin, end));
        }
        begin = r.getBegin();
        end = r.getEnd();
        open = true;
      }
    }
    if (open) {
      out.addRange(range(begin, end));
    }
    return out.build();
  }

  public static Value.Range range(long begin, long end) {
    return Value.Range.newBuilder().setBegin(begin).setEnd(end).build();
  }

  public static Value.Ranges add(Value.Ranges a, Value.Ranges b) {
    return coalesce(a.toBuilder().addAllRange(b.getRangeList()).build());
  }

  /** {@code a} without every number in {@code b}. */
  public static Value.Ranges subtract(Value.Ranges a, Value.Ranges b) {
    List<Value.Range> left = coalesce(a).getRangeList();
    List<Value.Range> right = coalesce(b).getRangeList();
    Value.Ranges.Builder out = Value.Ranges.newBuilder();
    int j = 0;
    for (Value.Range r : left) {
      long begin = r.getBegin();
      long end = r.getEnd();
      boolean alive = true;
      // skip holes entirely before this range
      while (j < right.size() && Long.compareUnsigned(right.get(j).getEnd(), begin) < 0) {
        j++;
      }
      int k = j;
      while (alive && k < right.size() && Long.compareUnsigned(right.get(k).getBegin(), end) <= 0) {
        Value.Range hole = right.get(k);
        if (Long.compareUnsigned(hole.getBegin(), begin) > 0) {
          out.addRange(range(begin, hole.getBegin() - 1));
        }
        if (Long.compareUnsigned(hole.getEnd(), end) >= 0) {
          alive = false;
        } else {
          begin = hole.getEnd() + 1;
          k++;
        }
      }
      if (alive) {
        out.addRange(range(begin, end));
      }
    }
    return out.build();
  }

  /** True if every number of {@code b} is in {@code a}. */
  public static boolean contains(Value.Ranges a, Value.Ranges b) {
    return subtract(b, a).getRangeCount() == 0;
  }

  /** How many numbers the ranges hold (saturating at {@link Long#MAX_VALUE}). */
  public static long count(Value.Ranges ranges) {
    long total = 0;
    for (Value.Range r : coalesce(ranges).getRangeList()) {
      long n = r.getEnd() - r.getBegin() + 1;
      if (n <= 0 || total + n < 0) {
        return Long.MAX_VALUE;
      }
      total += n;
    }
    return total;
  }

  public static String formatRanges(Value.Ranges ranges) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < ranges.getRangeCount(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      Value.Range r = ranges.getRange(i);
      b.append(Long.toUnsignedString(r.getBegin())).append('-').append(Long.toUnsignedString(r.getEnd()));
    }
    return b.append(']').toString();
  }

  // ---- sets -------------------------------------------------------------------------------------------------------

  public static Value.Set add(Value.Set a, Value.Set b) {
    Set<String> items = new LinkedHashSet<>(a.getItemList());
    items.addAll(b.getItemList());
    return Value.Set.newBuilder().addAllItem(items).build();
  }

  public static Value.Set subtract(Value.Set a, Value.Set b) {
    Set<String> items = new LinkedHashSet<>(a.getItemList());
    b.getItemList().forEach(items::remove);
    return Value.Set.newBuilder().addAllItem(items).build();
  }

  public static boolean contains(Value.Set a, Value.Set b) {
    return new LinkedHashSet<>(a.getItemList()).containsAll(b.getItemList());
  }

  public static String formatSet(Value.Set set) {
    return "{" + String.join(", ", set.getItemList()) + "}";
  }

  // ---- text form --------------------------------------------------------------------------------------------------

  /**
   * Parses a value the way Mesos parses resource and attribute values: spaces are removed; {@code [a-b, c-d]} is
   * RANGES, {@code {x, y}} is SET, a decimal number is SCALAR, anything else is TEXT. Scalars must be finite, not
   * negative and not subnormal.
   */
  public static Value parse(String text) {
    String t = text.replace(" ", "");
    if (t.isEmpty()) {
      throw new ResourceParseException("expecting a non-empty value");
    }
    if (!bracketsMatch(t, '{', '}') || !bracketsMatch(t, '[', ']') || !bracketsMatch(t, '(', ')')) {
      throw new ResourceParseException("mismatched brackets in value '" + text + "'");
    }
    int square = t.indexOf('[');
    if (square == 0) {
      List<String> tokens = tokenize(t, "[]-,\n");
      if (tokens.size() % 2 != 0) {
        throw new ResourceParseException("expecting one or more ranges in '" + text + "'");
      }
      Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
      for (int i = 0; i < tokens.size(); i += 2) {
        ranges.addRange(range(parseUnsigned(tokens.get(i), text), parseUnsigned(tokens.get(i + 1), text)));
      }
      for (Value.Range r : ranges.getRangeList()) {
        if (Long.compareUnsigned(r.getBegin(), r.getEnd()) > 0) {
          throw new ResourceParseException("range begin exceeds its end in '" + text + "'");
        }
      }
      return Value.newBuilder().setType(Value.Type.RANGES).setRanges(ranges).build();
    }
    if (square > 0) {
      throw new ResourceParseException("unexpected '[' in value '" + text + "'");
    }
    int curly = t.indexOf('{');
    if (curly == 0) {
      return Value.newBuilder().setType(Value.Type.SET)
          .setSet(Value.Set.newBuilder().addAllItem(tokenize(t, "{},\n"))).build();
    }
    if (curly > 0) {
      throw new ResourceParseException("unexpected '{' in value '" + text + "'");
    }
    if (DECIMAL.matcher(t).matches()) {
      double d = Double.parseDouble(t);
      if (Double.isInfinite(d) || Double.isNaN(d)) {
        throw new ResourceParseException("infinite values are not supported: '" + text + "'");
      }
      if (d != 0 && Math.abs(d) < Double.MIN_NORMAL) {
        throw new ResourceParseException("subnormal values are not supported: '" + text + "'");
      }
      if (d < 0) {
        throw new ResourceParseException("negative values are not supported: '" + text + "'");
      }
      return Value.newBuilder().setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(d)).build();
    }
    return Value.newBuilder().setType(Value.Type.TEXT).setText(Value.Text.newBuilder().setValue(t)).build();
  }

  private static long parseUnsigned(String token, String text) {
    try {
      return Long.parseUnsignedLong(token);
    } catch (NumberFormatException e) {
      throw new ResourceParseException("expecting non-negative integers in '" + text + "', got '" + token + "'", e);
    }
  }

  /** Splits on any of the delimiter characters, dropping empty tokens (stout's strings::tokenize). */
  public static List<String> tokenize(String s, String delimiters) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (delimiters.indexOf(c) >= 0) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  private static boolean bracketsMatch(String s, char open, char close) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == open) {
        depth++;
      } else if (c == close) {
        if (--depth < 0) {
          return false;
        }
      }
    }
    return depth == 0;
  }

  /** A value as Mesos prints it: scalars plain, ranges {@code [a-b, c-d]}, sets {@code {x, y}}, text verbatim. */
  public static String format(Value value) {
    return switch (value.getType()) {
      case SCALAR -> formatScalar(value.getScalar().getValue());
      case RANGES -> formatRanges(value.getRanges());
      case SET -> formatSet(value.getSet());
      case TEXT -> value.getText().getValue();
    };
  }
}
