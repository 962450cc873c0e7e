package io.mesosbridge.mesos.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON reader producing a plain tree: {@code Map<String, Object>} for objects (a repeated member
 * name keeps its last value), {@code List<Object>} for arrays, {@code String}, {@link Num} for numbers (the exact
 * source text), {@code Boolean}, and {@link #NULL}. Exactly one value, optionally surrounded by whitespace; no
 * comments, no unquoted strings, nesting at most {@link #MAX_DEPTH} deep. Linear time; recursion bounded by depth.
 */
final class JsonText {

  static final int MAX_DEPTH = 100;

  /** The JSON {@code null}. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** A JSON number, kept as written. */
  record Num(String text) {}

  private final String s;
  private int i;

  private JsonText(String s) {
    this.s = s;
  }

  static Object parse(String text) throws MesosJsonException {
    JsonText p = new JsonText(text);
    p.skipWs();
    Object value = p.value(0);
    p.skipWs();
    if (p.i != text.length()) {
      throw p.error("trailing characters after the JSON value");
    }
    return value;
  }

  private Object value(int depth) throws MesosJsonException {
    if (i >= s.length()) {
      throw error("unexpected end of input, expected a value");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Object literal(String word, Object value) throws MesosJsonException {
    if (!s.startsWith(word, i)) {
      throw error("unexpected literal");
    }
    i += word.length();
    return value;
  }

  private Map<String, Object> object(int depth) throws MesosJsonException {
    checkDepth(depth);
    i++; // {
    Map<String, Object> out = new LinkedHashMap<>();
    skipWs();
    if (peek() == '}') {
      i++;
      return out;
    }
    while (true) {
      skipWs();
      if (peek() != '"') {
        throw error("expected a quoted member name");
      }
      String name = string();
      skipWs();
      if (peek() != ':') {
        throw error("expected ':'");
      }
      i++;
      skipWs();
      out.put(name, value(depth));
      skipWs();
      char c = peek();
      i++;
      if (c == '}') {
        return out;
      }
      if (c != ',') {
        i--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) throws MesosJsonException {
    checkDepth(depth);
    i++; // [
    List<Object> out = new ArrayList<>();
    skipWs();
    if (peek() == ']') {
      i++;
      return out;
    }
    while (true) {
      skipWs();
      out.add(value(depth));
      skipWs();
      char c = peek();
      i++;
      if (c == ']') {
        return out;
      }
      if (c != ',') {
        i--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private void checkDepth(int depth) throws MesosJsonException {
    if (depth > MAX_DEPTH) {
      throw error("JSON nested deeper than " + MAX_DEPTH);
    }
  }

  private String string() throws MesosJsonException {
    i++; // opening quote
    StringBuilder b = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        if (i >= s.length()) {
          break;
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"' -> b.append('"');
          case '\\' -> b.append('\\');
          case '/' -> b.append('/');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw error("truncated \\u escape");
            }
            int code = 0;
            for (int k = 0; k < 4; k++) {
              int d = Character.digit(s.charAt(i + k), 16);
              if (d < 0) {
                throw error("bad \\u escape");
              }
              code = code * 16 + d;
            }
            i += 4;
            b.append((char) code);
          }
          default -> throw error("bad escape '\\" + e + "'");
        }
      } else if (c < 0x20) {
        throw error("control character in string");
      } else {
        b.append(c);
      }
    }
    throw error("unterminated string");
  }

  private Num number() throws MesosJsonException {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    if (peek() == '0') {
      i++;
    } else if (!digits()) {
      throw error("bad number");
    }
    if (peek() == '.') {
      i++;
      if (!digits()) {
        throw error("bad number");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      i++;
      if (peek() == '+' || peek() == '-') {
        i++;
      }
      if (!digits()) {
        throw error("bad number");
      }
    }
    return new Num(s.substring(start, i));
  }

  private boolean digits() {
    int start = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i > start;
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private void skipWs() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
      } else {
        return;
      }
    }
  }

  private MesosJsonException error(String what) {
    return new MesosJsonException("malformed JSON at offset " + i + ": " + what);
  }
}
