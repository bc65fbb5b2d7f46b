using NJsonSchema;

namespace Serverless.Diag.Tests.Action;

internal static class SchemaValidation
{
    private static readonly Dictionary<string, Lazy<Task<JsonSchema>>> Schemas = new()
    {
        ["github-action.json"] = new(() => Load("github-action.json")),
        ["github-workflow.json"] = new(() => Load("github-workflow.json")),
    };

    /// <returns>Every problem, as "path: kind", empty when the YAML is valid.</returns>
    public static async Task<IReadOnlyList<string>> ValidateYamlAsync(string schemaName, string yaml)
    {
        var schema = await Schemas[schemaName].Value;
        var json = YamlToJson.Convert(yaml)?.ToJsonString() ?? "null";
        return [.. schema.Validate(json).Select(Describe)];
    }

    private static string Describe(NJsonSchema.Validation.ValidationError error) => error is NJsonSchema.Validation.ChildSchemaValidationError child
        ? $"{error.Path}: {error.Kind} [{string.Join("; ", child.Errors.SelectMany(e => e.Value).Select(Describe))}]"
        : $"{error.Path}: {error.Kind}";

    private static Task<JsonSchema> Load(string name) =>
        JsonSchema.FromJsonAsync(Draft7Compatibility.Rewrite(RepositoryFiles.Read($"tests/Serverless.Diag.Tests/Action/Schemas/{name}")));
}
