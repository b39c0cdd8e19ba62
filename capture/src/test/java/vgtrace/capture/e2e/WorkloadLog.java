package vgtrace.capture.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What samples/guest/vgwork says it did: one {@code vgwork op=NAME key=value ...} line per operation. */
record WorkloadLog(List<Map<String, String>> ops, int ok, int failed) {

    static WorkloadLog read(Path file) throws IOException {
        List<Map<String, String>> ops = new java.util.ArrayList<>();
        int ok = -1;
        int failed = -1;
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("vgwork ")) continue;
            Map<String, String> kv = new LinkedHashMap<>();
            for (String token : line.substring(7).split(" ")) {
                int eq = token.indexOf('=');
                if (eq > 0) kv.put(token.substring(0, eq), token.substring(eq + 1));
            }
            if (line.startsWith("vgwork end ")) {
                ok = Integer.parseInt(kv.get("ok"));
                failed = Integer.parseInt(kv.get("failed"));
            } else if (kv.containsKey("op")) {
                ops.add(kv);
            }
        }
        return new WorkloadLog(ops, ok, failed);
    }

    /** Successful operations named {@code op}. */
    List<Map<String, String>> done(String op) {
        return ops.stream().filter(o -> op.equals(o.get("op")) && "1".equals(o.get("ok"))).toList();
    }

    boolean offers(String feature) {
        return ops.stream().filter(o -> "features".equals(o.get("op"))).anyMatch(o -> "1".equals(o.get(feature)));
    }
}
