package io.dflockd.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Generates the OpenAPI 3.1 document of HTTP.md §12 from the same tables the router uses ({@link Route},
 * {@link Operation}, {@link BodyKind}, {@link ErrorCode}), so the document lists exactly the served routes and
 * methods. Generated once at start-up.
 */
public final class OpenApiDocument {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SESSION_ID_PATTERN = "^[0-9a-f]{32}$";

    private OpenApiDocument() {
    }

    /** The document as compact JSON bytes followed by {@code \n}. */
    public static byte[] render(String version) {
        try {
            return (MAPPER.writeValueAsString(build(version)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the OpenAPI tree is always serialisable", e);
        }
    }

    /** The document as a tree. */
    public static ObjectNode build(String version) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("openapi", "3.1.0");
        ObjectNode info = root.putObject("info");
        info.put("title", "dflockd HTTP API");
        info.put("version", version);
        info.put("description", "Distributed FIFO locks and semaphores over HTTP. Bearer authentication applies only "
                + "when the server has an auth token; /health, /ready and /v1/openapi.json never need it.");
        root.putArray("security").addObject().putArray("bearerAuth");
        ObjectNode paths = root.putObject("paths");
        for (Route route : Route.values()) {
            ObjectNode item = paths.putObject(route.pattern());
            for (Operation operation : route.operations()) {
                item.set(operation.method().toLowerCase(Locale.ROOT), operation(operation));
            }
        }
        root.set("components", components());
        return root;
    }

    private static ObjectNode operation(Operation operation) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("operationId", operation.operationId());
        node.put("summary", operation.summary());
        Route route = operation.route();
        if (route.authExempt()) {
            node.putArray("security");
        }
        ArrayNode parameters = node.putArray("parameters");
        if (route.pattern().contains("{key}")) {
            parameters.addObject().put("$ref", "#/components/parameters/Key");
        }
        if (route.pattern().contains("{id}")) {
            parameters.addObject().put("$ref", "#/components/parameters/SessionIdPath");
        }
        if (operation.lockOperation()) {
            parameters.addObject().put("$ref", "#/components/parameters/SessionHeader");
        } else if (operation == Operation.GET_LOCK || operation == Operation.GET_SEMAPHORE) {
            parameters.addObject().put("$ref", "#/components/parameters/SessionHeaderOptional");
        }
        if (parameters.isEmpty()) {
            node.remove("parameters");
        }
        BodyKind body = operation.bodyKind();
        if (body != null) {
            ObjectNode requestBody = node.putObject("requestBody");
            requestBody.put("required", body.bodyRequired());
            requestBody.putObject("content").putObject("application/json").putObject("schema")
                    .put("$ref", "#/components/schemas/" + body.schemaName());
        }
        ObjectNode responses = node.putObject("responses");
        responses(operation).forEach((status, ref) -> responses.set(status, response(status, ref)));
        return node;
    }

    /** Status code to schema name ({@code null} = no body, {@code "text"} = text/plain) for one operation. */
    private static Map<String, String> responses(Operation operation) {
        Map<String, String> result = new LinkedHashMap<>();
        switch (operation) {
            case GET_HEALTH -> result.put("200", "Health");
            case GET_READY -> {
                result.put("200", "Health");
                result.put("503", "HealthOrError");
            }
            case GET_METRICS -> result.put("200", "text");
            case GET_OPENAPI -> result.put("200", "Document");
            case GET_STATS -> result.put("200", "Stats");
            case CREATE_SESSION -> result.put("200", "SessionCreated");
            case DELETE_SESSION, PING_SESSION -> {
                result.put("204", null);
                result.put("400", "Error");
                result.put("410", "Error");
            }
            case GET_LOCK, GET_SEMAPHORE -> {
                result.put("200", "ResourceView");
                result.put("400", "Error");
                result.put("404", "Error");
                result.put("410", "Error");
            }
            case ACQUIRE_LOCK, ACQUIRE_SEMAPHORE, ENQUEUE_LOCK, ENQUEUE_SEMAPHORE, WAIT_LOCK, WAIT_SEMAPHORE -> {
                result.put("200", "OpResult");
                result.put("400", "Error");
                result.put("409", "Error");
                result.put("410", "Error");
            }
            case RELEASE_LOCK, RELEASE_SEMAPHORE, RENEW_LOCK, RENEW_SEMAPHORE -> {
                boolean renew = operation == Operation.RENEW_LOCK || operation == Operation.RENEW_SEMAPHORE;
                result.put(renew ? "200" : "204", renew ? "RenewResult" : null);
                result.put("400", "Error");
                result.put("404", "Error");
                result.put("410", "Error");
            }
        }
        if (!operation.route().authExempt()) {
            result.put("401", "Error");
        }
        if (!operation.route().rateLimitExempt()) {
            result.put("429", "Error");
        }
        result.put("500", "Error");
        result.putIfAbsent("503", "Error");
        return result;
    }

    private static ObjectNode response(String status, String schema) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("description", describe(status));
        if (schema == null) {
            return node;
        }
        if (schema.equals("text")) {
            node.putObject("content").putObject("text/plain").putObject("schema").put("type", "string");
            return node;
        }
        ObjectNode schemaNode = node.putObject("content").putObject("application/json").putObject("schema");
        if (schema.equals("HealthOrError")) {
            ArrayNode oneOf = schemaNode.putArray("oneOf");
            oneOf.addObject().put("$ref", "#/components/schemas/Health");
            oneOf.addObject().put("$ref", "#/components/schemas/Error");
        } else if (schema.equals("Document")) {
            schemaNode.put("type", "object");
        } else {
            schemaNode.put("$ref", "#/components/schemas/" + schema);
        }
        return node;
    }

    private static String describe(String status) {
        return switch (status) {
            case "200" -> "OK";
            case "204" -> "No Content";
            case "400" -> "bad_request: invalid key, id, header or body";
            case "401" -> "unauthorized (answered after 100 ms)";
            case "404" -> "not_found or not_held";
            case "409" -> "limit_mismatch, already_enqueued, not_enqueued or lease_expired";
            case "410" -> "session_gone";
            case "429" -> "rate_limited";
            case "500" -> "internal or session_create_failed";
            case "503" -> "draining, max_locks, max_waiters, max_sessions, max_sessions_per_ip, "
                    + "max_connections_per_ip or fence_persistence";
            default -> status;
        };
    }

    private static ObjectNode components() {
        ObjectNode components = MAPPER.createObjectNode();
        ObjectNode bearer = components.putObject("securitySchemes").putObject("bearerAuth");
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        bearer.put("description", "The server's auth token; required only when the server has one.");
        ObjectNode parameters = components.putObject("parameters");
        parameters.set("SessionHeader", sessionHeader(true));
        parameters.set("SessionHeaderOptional", sessionHeader(false));
        ObjectNode key = parameters.putObject("Key");
        key.put("name", "key").put("in", "path").put("required", true);
        key.put("description", "The key: one path segment, percent-decoded once to bytes (%2F gives '/'); "
                + "1..256 bytes, no space, TAB, CR or LF.");
        key.putObject("schema").put("type", "string").put("minLength", 1).put("maxLength", 256);
        ObjectNode id = parameters.putObject("SessionIdPath");
        id.put("name", "id").put("in", "path").put("required", true);
        id.putObject("schema").put("type", "string").put("pattern", SESSION_ID_PATTERN);
        components.set("schemas", OpenApiSchemas.all());
        return components;
    }

    private static ObjectNode sessionHeader(boolean required) {
        ObjectNode header = MAPPER.createObjectNode();
        header.put("name", "X-Dflockd-Session").put("in", "header").put("required", required);
        header.put("description", "The session id returned by createSession.");
        header.putObject("schema").put("type", "string").put("pattern", SESSION_ID_PATTERN);
        return header;
    }
}
