package io.dflockd.protocol;

import java.nio.charset.StandardCharsets;

/** Renders wire bytes for log messages and error details: UTF-8, with control characters as {@code \xNN}. */
final class Printable {
    private static final int MAX_SHOWN = 64;

    private Printable() {
    }

    /** {@code bytes[from, to)} for display, cut after {@value #MAX_SHOWN} bytes. */
    static String of(byte[] bytes, int from, int to) {
        boolean cut = to - from > MAX_SHOWN;
        String text = new String(bytes, from, Math.min(to - from, MAX_SHOWN), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            } else {
                out.append(c);
            }
        }
        return cut ? out.append('…').toString() : out.toString();
    }
}
