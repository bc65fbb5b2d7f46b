using NJsonSchema;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using YamlDotNet.Serialization;

namespace Serverless.Diag.Tests.Configuration;

public class ConfigSchemaTests
{
    private static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.Diag.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir!.FullName, .. parts]);
    }

    [Fact]
    public void The_shipped_schema_matches_the_check_types_of_this_build()
    {
        var generated = ConfigSchemaWriter.Generate(ProbeCatalog.CreateDefault());
        var shipped = File.ReadAllText(RepoFile("docs", "diag.schema.json"));

        // If this fails: dotnet run --project action/Serverless.Diag.Cli -- schema > docs/diag.schema.json
        Assert.Equal(generated, shipped);
    }

    [Fact]
    public void No_type_in_the_schema_names_a_type_twice()
    {
        using var schema = System.Text.Json.JsonDocument.Parse(ConfigSchemaWriter.Generate(ProbeCatalog.CreateDefault()));
        var repeated = new List<string>();
        Walk(schema.RootElement, "#");
        Assert.Empty(repeated);

        void Walk(System.Text.Json.JsonElement element, string path)
        {
            if (element.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "type" && property.Value.ValueKind == System.Text.Json.JsonValueKind.Array
                        && property.Value.EnumerateArray().Select(t => t.GetString()).GroupBy(t => t).Any(g => g.Count() > 1))
                    {
                        repeated.Add($"{path}: {property.Value}");
                    }

                    Walk(property.Value, $"{path}/{property.Name}");
                }
            }
            else if (element.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}/{i++}");
                }
            }
        }
    }

    [Fact]
    public async Task The_demo_config_validates_against_the_schema_and_a_typo_does_not()
    {
        var schema = await JsonSchema.FromJsonAsync(File.ReadAllText(RepoFile("docs", "diag.schema.json")));
        var demo = YamlToJson(File.ReadAllText(RepoFile("examples", "demo.yaml")));

        Assert.Empty(schema.Validate(demo));
        Assert.NotEmpty(schema.Validate(demo.Replace("\"url\"", "\"urll\"", StringComparison.Ordinal)));
    }

    private static string YamlToJson(string yaml)
    {
        var graph = new DeserializerBuilder().Build().Deserialize<object>(yaml);
        return new SerializerBuilder().JsonCompatible().Build().Serialize(graph);
    }
}
