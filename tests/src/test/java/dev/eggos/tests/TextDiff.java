package dev.eggos.tests;

import java.util.ArrayList;
import java.util.List;

/** A line diff for failure messages: "  " same, "- " only expected (Linux), "+ " only actual (eggos). */
final class TextDiff {
    private TextDiff() {
    }

    static String diff(String expected, String actual) {
        List<String> a = lines(expected);
        List<String> b = lines(actual);
        int n = a.size();
        int m = b.size();
        if ((long) n * m > 4_000_000L) {
            return "(outputs too long to diff: " + n + " and " + m + " lines)\n";
        }
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                out.add("  " + a.get(i));
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add("+ " + b.get(j++));
            } else {
                out.add("- " + a.get(i++));
            }
        }
        // Keep the changes with 3 lines of context around them.
        StringBuilder sb = new StringBuilder();
        boolean skipped = false;
        for (int k = 0; k < out.size(); k++) {
            boolean near = false;
            for (int d = Math.max(0, k - 3); d <= Math.min(out.size() - 1, k + 3) && !near; d++) {
                near = !out.get(d).startsWith("  ");
            }
            if (near) {
                if (skipped) {
                    sb.append("  ...\n");
                    skipped = false;
                }
                sb.append(out.get(k)).append('\n');
            } else {
                skipped = true;
            }
        }
        if (skipped) {
            sb.append("  ...\n");
        }
        if (!expected.isEmpty() && !actual.isEmpty() && expected.endsWith("\n") != actual.endsWith("\n")) {
            sb.append("(only one of the outputs ends with a newline)\n");
        }
        return sb.toString();
    }

    /**
     * s split after each "\n", a "\r" shown as "\\r": a console's CRs are part of what is compared,
     * so a line that lacks one (or has one too many) shows in the diff.
     */
    static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < s.length()) {
            int nl = s.indexOf('\n', start);
            int end = nl < 0 ? s.length() : nl;
            out.add(s.substring(start, end).replace("\r", "\\r"));
            start = end + 1;
        }
        return out;
    }

    /** The last n lines of s. */
    static String tail(String s, int n) {
        List<String> lines = s.lines().toList();
        if (lines.size() <= n) {
            return s;
        }
        return "[... " + (lines.size() - n) + " lines]\n" + String.join("\n", lines.subList(lines.size() - n, lines.size())) + "\n";
    }
}
