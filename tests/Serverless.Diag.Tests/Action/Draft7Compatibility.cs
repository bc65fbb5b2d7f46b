using System.Text.Json.Nodes;

namespace Serverless.Diag.Tests.Action;

/// <summary>
/// NJsonSchema does not evaluate draft-07's <c>if</c>/<c>then</c>/<c>else</c> (it would silently accept what the
/// official schema refuses, e.g. a composite action's output without <c>value</c>). This rewrites a schema into
/// its equivalent without them: <c>(if ∧ then) ∨ (¬if ∧ else)</c>; and <c>const: x</c> into <c>enum: [x]</c>.
/// Only schema positions are rewritten, never a property that happens to be named "if".
/// </summary>
internal static class Draft7Compatibility
{
    private static readonly string[] SchemaMaps = ["properties", "patternProperties", "definitions", "$defs", "dependencies"];
    private static readonly string[] SchemaArrays = ["allOf", "anyOf", "oneOf"];
    private static readonly string[] SingleSchemas = ["not", "additionalProperties", "additionalItems", "contains", "propertyNames", "items", "if", "then", "else"];

    public static string Rewrite(string schemaJson)
    {
        var root = JsonNode.Parse(schemaJson)!;
        RewriteSchema(root);
        return root.ToJsonString();
    }

    private static void RewriteSchema(JsonNode? node)
    {
        if (node is JsonArray tuple)
        {
            foreach (var item in tuple)
            {
                RewriteSchema(item);
            }

            return;
        }

        if (node is not JsonObject schema)
        {
            return;
        }

        foreach (var key in SchemaMaps)
        {
            if (schema[key] is JsonObject map)
            {
                foreach (var (_, value) in map)
                {
                    RewriteSchema(value);
                }
            }
        }

        foreach (var key in SchemaArrays.Concat(SingleSchemas))
        {
            RewriteSchema(schema[key]);
        }

        if (schema["const"] is { } constant)
        {
            schema.Remove("const");
            schema["enum"] = new JsonArray(constant.DeepClone());
        }

        if (schema["if"] is { } condition)
        {
            var then = schema["then"]?.DeepClone() ?? new JsonObject();
            var otherwise = schema["else"]?.DeepClone() ?? new JsonObject();
            schema.Remove("if");
            schema.Remove("then");
            schema.Remove("else");
            var branches = new JsonObject
            {
                ["anyOf"] = new JsonArray(
                    new JsonObject { ["allOf"] = new JsonArray(condition.DeepClone(), then) },
                    new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["not"] = condition.DeepClone() }, otherwise) }),
            };
            if (schema["allOf"] is JsonArray allOf)
            {
                allOf.Add(branches);
            }
            else
            {
                schema["allOf"] = new JsonArray(branches);
            }
        }
    }
}
