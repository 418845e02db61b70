package io.dflockd.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code components.schemas} of the OpenAPI document: request bodies (from {@link BodyKind}) and responses. */
final class OpenApiSchemas {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenApiSchemas() {
    }

    static ObjectNode all() {
        ObjectNode schemas = NODES.objectNode();
        for (BodyKind kind : BodyKind.values()) {
            schemas.set(kind.schemaName(), request(kind));
        }
        ObjectNode error = object(schemas, "Error", "error");
        ArrayNode codes = property(error, "error", "string").putArray("enum");
        for (ErrorCode code : ErrorCode.values()) {
            codes.add(code.wire());
        }
        property(error, "detail", "string");
        ObjectNode op = object(schemas, "OpResult", "status");
        property(op, "status", "string").putArray("enum").add("ok").add("acquired").add("queued").add("timeout");
        property(op, "token", "string").put("pattern", "^[0-9a-f]{32}$");
        property(op, "lease_ttl_s", "integer").put("minimum", 0);
        property(object(schemas, "RenewResult", "remaining_s"), "remaining_s", "integer").put("minimum", 0);
        ObjectNode created = object(schemas, "SessionCreated", "session_id", "idle_timeout_s");
        property(created, "session_id", "string").put("pattern", "^[0-9a-f]{32}$");
        property(created, "idle_timeout_s", "integer").put("minimum", 0);
        property(object(schemas, "Health", "status"), "status", "string").putArray("enum").add("ok").add("draining");
        stats(schemas);
        view(schemas);
        return schemas;
    }

    private static ObjectNode request(BodyKind kind) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (BodyField field : kind.fields()) {
            ObjectNode property = properties.putObject(field.jsonName());
            if (field.isString()) {
                property.put("type", "string").put("minLength", 1).put("maxLength", BodyField.MAX_TOKEN_BYTES)
                        .put("pattern", "^[^ \\t\\r\\n]+$")
                        .put("description", "server-issued tokens are 32 lowercase hex characters");
            } else {
                property.put("type", "integer").put("minimum", field.min()).put("maximum", field.max());
            }
            if (field.required()) {
                required.add(field.jsonName());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    private static void stats(ObjectNode schemas) {
        ObjectNode lock = object(schemas, "StatsLockEntry", "key", "owner_conn_id", "lease_expires_in_s", "waiters");
        property(lock, "key", "string");
        property(lock, "owner_conn_id", "integer").put("minimum", 0);
        property(lock, "lease_expires_in_s", "number").put("minimum", 0);
        property(lock, "waiters", "integer").put("minimum", 0);
        ObjectNode semaphore = object(schemas, "StatsSemaphoreEntry", "key", "limit", "holders", "waiters");
        property(semaphore, "key", "string");
        property(semaphore, "limit", "integer").put("minimum", 1);
        property(semaphore, "holders", "integer").put("minimum", 0);
        property(semaphore, "waiters", "integer").put("minimum", 0);
        ObjectNode idle = object(schemas, "StatsIdleEntry", "key", "idle_s");
        property(idle, "key", "string");
        property(idle, "idle_s", "number").put("minimum", 0);
        ObjectNode stats = object(schemas, "Stats", "connections", "locks", "semaphores", "idle_locks",
                "idle_semaphores");
        property(stats, "connections", "integer").put("minimum", 0);
        arrayOf(stats, "locks", "StatsLockEntry");
        arrayOf(stats, "semaphores", "StatsSemaphoreEntry");
        arrayOf(stats, "idle_locks", "StatsIdleEntry");
        arrayOf(stats, "idle_semaphores", "StatsIdleEntry");
    }

    private static void view(ObjectNode schemas) {
        ObjectNode grant = object(schemas, "GrantView", "fence", "fence_hex", "lease_expires_in_s");
        property(grant, "fence", "integer").put("format", "uint64").put("minimum", 0);
        property(grant, "fence_hex", "string").put("pattern", "^[0-9a-f]{16}$");
        property(grant, "lease_expires_in_s", "number").put("minimum", 0);
        ObjectNode view = object(schemas, "ResourceView", "key", "limit", "holders", "grants", "waiters");
        property(view, "key", "string");
        property(view, "limit", "integer").put("minimum", 1);
        property(view, "holders", "integer").put("minimum", 0);
        arrayOf(view, "grants", "GrantView");
        property(view, "waiters", "integer").put("minimum", 0);
        ObjectNode position = ((ObjectNode) view.get("properties")).putObject("position");
        position.putArray("type").add("integer").add("null");
        position.put("minimum", 1);
        position.put("description", "present only when the request carries X-Dflockd-Session");
    }

    private static ObjectNode object(ObjectNode schemas, String name, String... required) {
        ObjectNode schema = schemas.putObject(name);
        schema.put("type", "object");
        ArrayNode list = schema.putArray("required");
        for (String field : required) {
            list.add(field);
        }
        schema.putObject("properties");
        return schema;
    }

    private static ObjectNode property(ObjectNode schema, String name, String type) {
        ObjectNode property = ((ObjectNode) schema.get("properties")).putObject(name);
        property.put("type", type);
        return property;
    }

    private static void arrayOf(ObjectNode schema, String name, String itemSchema) {
        property(schema, name, "array").putObject("items").put("$ref", "#/components/schemas/" + itemSchema);
    }
}
