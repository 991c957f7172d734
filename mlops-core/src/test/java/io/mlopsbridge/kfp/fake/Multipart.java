package io.mlopsbridge.kfp.fake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal multipart/form-data reader (RFC 7578), enough to see what an upload sent. */
final class Multipart {
    record Part(String name, String filename, byte[] content) {
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    private Multipart() {
    }

    /** The parts, or throws IllegalArgumentException saying what is malformed. */
    static List<Part> parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new IllegalArgumentException("Content-Type is " + contentType + ", not multipart/form-data");
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new IllegalArgumentException("multipart Content-Type without boundary");
        }
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new IllegalArgumentException("multipart body without its boundary");
        }
        while (true) {
            int start = pos + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                return parts; // closing delimiter
            }
            start += 2; // CRLF after the delimiter
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                throw new IllegalArgumentException("multipart body without closing boundary");
            }
            byte[] part = Arrays.copyOfRange(body, start, next - 2); // minus CRLF before the delimiter
            int split = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
            if (split < 0) {
                throw new IllegalArgumentException("multipart part without headers");
            }
            String headers = new String(part, 0, split, StandardCharsets.UTF_8);
            String disposition = headers.lines().filter(l -> l.toLowerCase(Locale.ROOT)
                    .startsWith("content-disposition:")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("multipart part without Content-Disposition"));
            Matcher name = NAME.matcher(disposition);
            Matcher filename = FILENAME.matcher(disposition);
            parts.add(new Part(name.find() ? name.group(1) : null, filename.find() ? filename.group(1) : null,
                    Arrays.copyOfRange(part, split + 4, part.length)));
            pos = next;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
