using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Serverless.Diag.Tests.Functions;

/// <summary>host.json and every function.json against the official schemas (shared/reference/schemas).</summary>
public sealed class FunctionsSchemaTests
{
    public static TheoryData<string> FunctionFiles => new(
        Directory.GetFiles(RepositoryFiles.Path("functions", "Serverless.Diag.Functions"), "function.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryFiles.Root, f))
            .Order(StringComparer.Ordinal));

    [Fact]
    public async Task Host_json_is_valid_and_declares_the_custom_handler()
    {
        var schema = await SchemaAsync("host.json");
        if (schema is null)
        {
            return; // Not in CI and no shared/ beside the repository (RepositoryFiles.Reference fails in CI).
        }

        var text = await File.ReadAllTextAsync(RepositoryFiles.Path("host.json"));

        Assert.Empty(schema.Validate(text));
        using var host = JsonDocument.Parse(text);
        var handler = host.RootElement.GetProperty("customHandler");
        Assert.Equal("bin/Serverless.Diag.Functions", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("[4.*, 5.0.0)", host.RootElement.GetProperty("extensionBundle").GetProperty("version").GetString());
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
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
            .Replace("enableForwardingHttpRequest", "enableForwardHttpRequest", StringComparison.Ordinal);

        Assert.NotEmpty(schema.Validate(text));
    }

    [Theory]
    [MemberData(nameof(FunctionFiles))]
    public async Task Every_function_json_is_valid(string relativePath)
    {
        var text = await File.ReadAllTextAsync(RepositoryFiles.Path(relativePath));
        var schema = await FunctionSchemaForAsync(text);
        if (schema is null)
        {
            return;
        }

        Assert.Empty(schema.Validate(text));
    }

    [Theory]
    [InlineData("ScheduledDiagnosis", "\"direction\": \"in\"", "\"direction\": \"inn\"")]
    [InlineData("ScheduledDiagnosis", "\"runOnStartup\": false", "\"runOnStartup\": \"no\"")]
    [InlineData("Diagnose", "\"authLevel\": \"function\"", "\"authLevel\": \"functions\"")]
    [InlineData("Diagnose", "\"name\": \"res\",", "")]
    public async Task The_function_schema_check_catches_mistakes(string function, string valid, string broken)
    {
        var text = await File.ReadAllTextAsync(RepositoryFiles.Path("functions", "Serverless.Diag.Functions", function, "function.json"));
        Assert.Contains(valid, text, StringComparison.Ordinal);
        text = text.Replace(valid, broken, StringComparison.Ordinal);
        var schema = await FunctionSchemaForAsync(text);
        if (schema is null)
        {
            return;
        }

        Assert.NotEmpty(schema.Validate(text));
    }

    // The official function.json schema cannot accept any timerTrigger or httpTrigger binding: its
    // bindings[] items are a oneOf in which sqlBinding's output branch (and mySqlBinding's) constrains neither
    // type nor direction, so it matches every binding and the oneOf never holds exactly once. We validate
    // the document with the schema's own definitions instead: each binding against bindingBase and the
    // definition for its type (timerTriggerBinding, httpBinding), everything else as published.
    private static async Task<JsonSchema?> FunctionSchemaForAsync(string functionJson)
    {
        if (RepositoryFiles.Reference("schemas", "function.json") is not { } path)
        {
            return null;
        }

        var official = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        using var document = JsonDocument.Parse(functionJson);
        var definition = document.RootElement.GetProperty("bindings")[0].GetProperty("type").GetString() switch
        {
            "timerTrigger" => "timerTriggerBinding",
            "httpTrigger" => "httpBinding",
            var other => throw new InvalidOperationException($"no schema definition chosen for {other}"),
        };
        official["properties"]!["bindings"]!["items"] = new JsonObject
        {
            ["allOf"] = new JsonArray(
                new JsonObject { ["$ref"] = "#/definitions/bindingBase" },
                new JsonObject { ["$ref"] = $"#/definitions/{definition}" }),
        };
        return await JsonSchema.FromJsonAsync(official.ToJsonString());
    }

    [Fact]
    public async Task The_functions_are_the_two_the_handler_serves()
    {
        using var timer = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.Path("functions", "Serverless.Diag.Functions", "ScheduledDiagnosis", "function.json")));
        using var http = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.Path("functions", "Serverless.Diag.Functions", "Diagnose", "function.json")));

        var trigger = timer.RootElement.GetProperty("bindings")[0];
        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%DIAG_SCHEDULE%", trigger.GetProperty("schedule").GetString());
        Assert.Equal(Serverless.Diag.Functions.Invocations.TimerInfoReader.BindingName, trigger.GetProperty("name").GetString());

        var bindings = http.RootElement.GetProperty("bindings").EnumerateArray().ToList();
        Assert.Equal(["httpTrigger", "http"], bindings.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("function", bindings[0].GetProperty("authLevel").GetString());
        Assert.Equal("diagnose", bindings[0].GetProperty("route").GetString());
        Assert.Equal(["get", "post"], bindings[0].GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    private static async Task<JsonSchema?> SchemaAsync(string name) =>
        RepositoryFiles.Reference("schemas", name) is { } path ? await JsonSchema.FromFileAsync(path) : null;
}
