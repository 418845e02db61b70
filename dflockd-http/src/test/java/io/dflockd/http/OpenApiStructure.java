package io.dflockd.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Structural validation of an OpenAPI 3.1 document against the rules of the specification that our document uses:
 * required top-level fields, path templates whose parameters are declared, unique operation ids, responses keyed
 * by status codes with descriptions, parameters with name/in/schema (path parameters required), and every
 * {@code $ref} resolving inside the document.
 */
final class OpenApiStructure {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Set<String> PATH_ITEM_FIELDS = Set.of("$ref", "summary", "description", "servers",
            "parameters");

    private OpenApiStructure() {
    }

    static void validate(JsonNode doc) {
        assertThat(doc.get("openapi").asText()).matches("3\\.1\\.\\d+");
        assertThat(doc.at("/info/title").isTextual()).isTrue();
        assertThat(doc.at("/info/version").isTextual()).isTrue();
        assertThat(doc.get("paths").isObject()).isTrue();
        List<String> operationIds = new ArrayList<>();
        doc.get("paths").properties().forEach(entry -> {
            assertThat(entry.getKey()).startsWith("/");
            entry.getValue().properties().forEach(field -> {
                assertThat(METHODS.contains(field.getKey()) || PATH_ITEM_FIELDS.contains(field.getKey()))
                        .as(field.getKey()).isTrue();
                if (METHODS.contains(field.getKey())) {
                    operation(doc, entry.getKey(), field.getValue(), operationIds);
                }
            });
        });
        assertThat(operationIds).doesNotHaveDuplicates();
        refs(doc, doc);
        doc.at("/components/schemas").forEach(schema -> assertThat(schema.has("type") || schema.has("oneOf"))
                .isTrue());
        assertThat(doc.at("/components/securitySchemes/bearerAuth/type").asText()).isEqualTo("http");
        assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/security/0/bearerAuth").isArray()).isTrue();
    }

    private static void operation(JsonNode doc, String path, JsonNode operation, List<String> ids) {
        ids.add(operation.get("operationId").asText());
        JsonNode responses = operation.get("responses");
        assertThat(responses.isObject() && responses.size() > 0).isTrue();
        responses.properties().forEach(r -> {
            assertThat(r.getKey()).matches("[1-5][0-9][0-9]|[1-5]XX|default");
            assertThat(r.getValue().get("description").isTextual()).isTrue();
        });
        List<String> pathParams = new ArrayList<>();
        if (operation.has("parameters")) {
            for (JsonNode parameter : operation.get("parameters")) {
                JsonNode resolved = parameter.has("$ref") ? resolve(doc, parameter.get("$ref").asText()) : parameter;
                assertThat(resolved.get("name").isTextual()).isTrue();
                assertThat(resolved.get("in").asText()).isIn("path", "query", "header", "cookie");
                assertThat(resolved.has("schema")).isTrue();
                if (resolved.get("in").asText().equals("path")) {
                    assertThat(resolved.get("required").asBoolean()).isTrue();
                    pathParams.add(resolved.get("name").asText());
                }
            }
        }
        List<String> templated = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) {
            templated.add(m.group(1));
        }
        assertThat(pathParams).as(path).containsExactlyInAnyOrderElementsOf(templated);
        if (operation.has("requestBody")) {
            assertThat(operation.at("/requestBody/content").isObject()).isTrue();
        }
        if (operation.has("security")) {
            assertThat(operation.get("security").isArray()).isTrue();
        }
    }

    private static void refs(JsonNode doc, JsonNode node) {
        if (node.isObject()) {
            if (node.has("$ref")) {
                resolve(doc, node.get("$ref").asText());
            }
            node.forEach(child -> refs(doc, child));
        } else if (node.isArray()) {
            node.forEach(child -> refs(doc, child));
        }
    }

    private static JsonNode resolve(JsonNode doc, String ref) {
        assertThat(ref).startsWith("#/");
        JsonNode target = doc.at(ref.substring(1));
        assertThat(target.isMissingNode()).as("unresolved " + ref).isFalse();
        return target;
    }
}
