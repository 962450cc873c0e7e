package io.mesosbridge.migrate.spark;

import io.mesosbridge.migrate.input.InputError;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one shell command into words the way /bin/sh does for quotes and backslashes, and writes words back.
 * Expansions ({@code $VAR}, {@code ${...}}, {@code $(...)}, backquotes, a leading {@code ~}) are not performed: they
 * stay in the word between markers that remember whether they stood inside double quotes, so that {@link #quote}
 * writes them back where the shell still expands them (and splits them, when they were unquoted).
 */
final class ShellWords {

    /** Brackets an expansion that stood inside double quotes. */
    private static final char QUOTED_EXPANSION_START = '\uE000';
    private static final char QUOTED_EXPANSION_END = '\uE001';
    /** Brackets an unquoted expansion (the shell splits its result into words). */
    private static final char UNQUOTED_EXPANSION_START = '\uE002';
    private static final char UNQUOTED_EXPANSION_END = '\uE003';

    /** Characters that end a command word outside quotes: control operators, redirections, a comment. */
    private static final String COMMAND_END = ";&|<>";

    /**
     * @param words the command's words
     * @param rest  what follows the command on its line from the first control operator, redirection or comment
     *              on (e.g. {@code > out.log 2>&1 && echo done}), as written; empty when nothing follows
     */
    record Command(List<String> words, String rest) {
    }

    private ShellWords() {
    }

    static Command read(String line, String source) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int wordStart = 0;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else if (expansionEnd(line, i) > i + 1) {
                    int end = expansionEnd(line, i);
                    word.append(QUOTED_EXPANSION_START).append(line, i, end).append(QUOTED_EXPANSION_END);
                    i = end - 1;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                wordStart = inWord ? wordStart : i;
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                wordStart = inWord ? wordStart : i;
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (COMMAND_END.indexOf(c) >= 0 || (c == '#' && !inWord)) {
                boolean fileDescriptor = inWord && (c == '<' || c == '>') && word.toString().matches("[0-9]+");
                if (inWord && !fileDescriptor) {
                    words.add(word.toString());
                }
                return new Command(words, line.substring(fileDescriptor ? wordStart : i).trim());
            } else if (expansionEnd(line, i) > i + 1) {
                int end = expansionEnd(line, i);
                wordStart = inWord ? wordStart : i;
                word.append(UNQUOTED_EXPANSION_START).append(line, i, end).append(UNQUOTED_EXPANSION_END);
                inWord = true;
                i = end - 1;
            } else if (c == '~' && !inWord) {
                int end = i + 1;
                while (end < line.length() && "/:".indexOf(line.charAt(end)) < 0 && !Character.isWhitespace(line.charAt(end))) {
                    end++;
                }
                wordStart = i;
                word.append(UNQUOTED_EXPANSION_START).append(line, i, end).append(UNQUOTED_EXPANSION_END);
                inWord = true;
                i = end - 1;
            } else {
                wordStart = inWord ? wordStart : i;
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new InputError(source, null, "unterminated " + quote + " quote in the spark-submit line");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return new Command(words, "");
    }

    /**
     * Where the expansion that starts at {@code i} ends (exclusive), or {@code i} when none starts there: a
     * parameter ({@code $NAME}, {@code ${...}}, {@code $1}, {@code $@}), a command substitution ({@code $(...)},
     * backquotes) or an arithmetic expansion ({@code $((...))}).
     */
    private static int expansionEnd(String line, int i) {
        char c = line.charAt(i);
        if (c == '`') {
            int close = line.indexOf('`', i + 1);
            return close < 0 ? i : close + 1;
        }
        if (c != '$' || i + 1 >= line.length()) {
            return i;
        }
        char next = line.charAt(i + 1);
        if (next == '(' || next == '{') {
            return closingBracket(line, i + 1);
        }
        if (Character.isLetter(next) || next == '_') {
            int end = i + 2;
            while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
                end++;
            }
            return end;
        }
        return Character.isDigit(next) || "@*#?$!-".indexOf(next) >= 0 ? i + 2 : i;
    }

    /** The index after the bracket that closes the one at {@code open}, skipping quoted text; {@code open - 1} if none. */
    private static int closingBracket(String line, int open) {
        char opening = line.charAt(open);
        char closing = opening == '(' ? ')' : '}';
        int depth = 0;
        char quote = 0;
        for (int i = open; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                i++;
            } else if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i + 1;
            }
        }
        return open - 1;
    }

    /** Whether the word holds an expansion that the shell performs when the word is run. */
    static boolean hasExpansion(String word) {
        return word.indexOf(QUOTED_EXPANSION_START) >= 0 || word.indexOf(UNQUOTED_EXPANSION_START) >= 0;
    }

    /** Whether the whole word is one unquoted expansion, which the shell may split into several words. */
    static boolean isSplitExpansion(String word) {
        return !word.isEmpty() && word.charAt(0) == UNQUOTED_EXPANSION_START
                && word.indexOf(UNQUOTED_EXPANSION_END) == word.length() - 1;
    }

    /** The word as a person reads it: expansions as written ({@code $HOME}), literal text as is. */
    static String display(String word) {
        StringBuilder out = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c < QUOTED_EXPANSION_START || c > UNQUOTED_EXPANSION_END) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The word written for /bin/sh: literal text quoted where needed, expansions left for the shell to expand. */
    static String quote(String word) {
        if (!hasExpansion(word)) {
            return quoteLiteral(word);
        }
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == QUOTED_EXPANSION_START || c == UNQUOTED_EXPANSION_START) {
                if (!literal.isEmpty()) {
                    out.append(quoteLiteral(literal.toString()));
                    literal.setLength(0);
                }
                char end = c == QUOTED_EXPANSION_START ? QUOTED_EXPANSION_END : UNQUOTED_EXPANSION_END;
                int close = word.indexOf(end, i);
                String expansion = word.substring(i + 1, close);
                out.append(c == QUOTED_EXPANSION_START ? "\"" + expansion + "\"" : expansion);
                i = close;
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            out.append(quoteLiteral(literal.toString()));
        }
        return out.toString();
    }

    private static String quoteLiteral(String word) {
        return word.matches("[A-Za-z0-9_./=:,@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
