using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Serverless.Diag.Tests.Functions;

/// <summary>The deployed host.json against the official schema (shared/reference/schemas).</summary>
public sealed class FunctionsSchemaTests
{
    [Fact]
    public async Task Host_json_is_valid_for_an_isolated_worker_without_an_extension_bundle_or_custom_handler()
    {
        var text = await File.ReadAllTextAsync(RepositoryFiles.Path("host.json"));
        using var host = JsonDocument.Parse(text);

        // An isolated .NET app gets its extensions from the build (WorkerExtensions), never from a bundle.
        Assert.False(host.RootElement.TryGetProperty("extensionBundle", out _));
        Assert.False(host.RootElement.TryGetProperty("customHandler", out _));
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        var schema = await SchemaAsync("host.json");
        if (schema is null)
        {
            return; // Not in CI and no shared/ beside the repository (RepositoryFiles.Reference fails in CI).
        }

        Assert.Empty(schema.Validate(text));
    }

    [Fact]
    public async Task The_schema_is_strict_enough_to_catch_a_typo_in_host_json()
    {
        var schema = await SchemaAsync("host.json");
        if (schema is null)
        {
            return;
        }

        var text = (await File.ReadAllTextAsync(RepositoryFiles.Path("host.json")))
            .Replace("functionTimeout", "functionTimeOut", StringComparison.Ordinal);

        Assert.NotEmpty(schema.Validate(text));
    }

    private static async Task<JsonSchema?> SchemaAsync(string name) =>
        RepositoryFiles.Reference("schemas", name) is { } path ? await JsonSchema.FromFileAsync(path) : null;
}
