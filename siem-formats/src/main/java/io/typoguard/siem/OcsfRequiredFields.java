package io.typoguard.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a JSON document against the required attributes of OCSF class 2004 (Detection Finding), as listed in
 * the resource {@code ocsf/detection-finding-required.json} (derived from the OCSF schema files; provenance
 * inside). Returns what is wrong, empty when nothing is.
 */
public final class OcsfRequiredFields {
    private static final JsonNode REQUIRED;

    static {
        try (InputStream in = OcsfRequiredFields.class.getClassLoader().getResourceAsStream("ocsf/detection-finding-required.json")) {
            REQUIRED = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private OcsfRequiredFields() {
    }

    public static List<String> problems(String json) {
        List<String> out = new ArrayList<>();
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        check(n, "", REQUIRED.get("event"), out);
        check(n.path("metadata"), "metadata.", REQUIRED.get("metadata"), out);
        check(n.path("metadata").path("product"), "metadata.product.", REQUIRED.get("metadata.product"), out);
        check(n.path("finding_info"), "finding_info.", REQUIRED.get("finding_info"), out);
        REQUIRED.get("enums").fields().forEachRemaining(e -> {
            JsonNode v = n.get(e.getKey());
            if (v != null && !v.isNull()) {
                boolean allowed = false;
                for (JsonNode a : e.getValue()) {
                    allowed |= a.asInt() == v.asInt() && v.isInt();
                }
                if (!allowed) {
                    out.add(e.getKey() + " = " + v + " is not one of " + e.getValue());
                }
            }
        });
        if (n.path("type_uid").asLong() != n.path("class_uid").asLong() * 100 + n.path("activity_id").asLong()) {
            out.add("type_uid is not class_uid * 100 + activity_id");
        }
        if (!n.path("time").isIntegralNumber()) {
            out.add("time is not a timestamp (epoch milliseconds)");
        }
        return out;
    }

    private static void check(JsonNode node, String prefix, JsonNode required, List<String> out) {
        for (JsonNode name : required) {
            JsonNode v = node.get(name.asText());
            if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
                out.add("missing required " + prefix + name.asText());
            }
        }
    }
}
