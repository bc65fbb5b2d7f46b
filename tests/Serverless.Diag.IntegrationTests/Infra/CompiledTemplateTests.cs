using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Serverless.Diag.IntegrationTests.Infra;

/// <summary>
/// The Bicep compiled to ARM JSON by infra/build-bicep.sh (the same step CI runs), read as Azure Resource Manager
/// will: the deployment defaults and the role assignments a working deployment depends on.
/// </summary>
public sealed class CompiledTemplateTests : IClassFixture<CompiledTemplateTests.Compiled>
{
    private const string SecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string SecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    private const string MetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private readonly Compiled _compiled;

    public CompiledTemplateTests(Compiled compiled) => _compiled = compiled;

    [Fact]
    public void Flex_scale_defaults_to_40_instances_within_the_documented_range_and_2048_MB()
    {
        var parameters = _compiled.Main["parameters"]!;

        Assert.Equal(40, parameters["maximumInstanceCount"]!["defaultValue"]!.GetValue<int>());
        Assert.Equal(40, parameters["maximumInstanceCount"]!["minValue"]!.GetValue<int>());
        Assert.Equal(1000, parameters["maximumInstanceCount"]!["maxValue"]!.GetValue<int>());
        Assert.Equal(2048, parameters["instanceMemoryMB"]!["defaultValue"]!.GetValue<int>());
        Assert.Equal(0, parameters["httpPerInstanceConcurrency"]!["defaultValue"]!.GetValue<int>());
        foreach (var (name, file) in _compiled.ParameterFiles)
        {
            var count = file["parameters"]!["maximumInstanceCount"]?["value"]?.GetValue<int>() ?? 40;
            Assert.True(count is >= 40 and <= 1000, $"{name}: maximumInstanceCount {count}");
        }
    }

    [Fact]
    public void The_app_runs_the_dotnet_isolated_worker_on_net_10_with_the_scale_settings_and_optional_vnet()
    {
        var site = Resources(_compiled.Main).Single(r => Type(r) == "Microsoft.Web/sites");
        var config = site["properties"]!["functionAppConfig"]!;

        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Equal("[parameters('maximumInstanceCount')]", config["scaleAndConcurrency"]!["maximumInstanceCount"]!.GetValue<string>());
        Assert.Contains("perInstanceConcurrency", config["scaleAndConcurrency"]!["triggers"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("[if(empty(parameters('subnetId')), null(), parameters('subnetId'))]", site["properties"]!["virtualNetworkSubnetId"]!.GetValue<string>());
    }

    [Fact]
    public void The_identity_reads_secrets_and_publishes_telemetry_and_the_deployer_may_write_secrets()
    {
        var assignments = Resources(_compiled.Main).Where(r => Type(r) == "Microsoft.Authorization/roleAssignments").ToList();
        JsonNode Role(string id) => Assert.Single(assignments, a => a["properties"]!["roleDefinitionId"]!.ToJsonString().Contains(id, StringComparison.Ordinal));

        Assert.Equal("ServicePrincipal", Role(SecretsUser)["properties"]!["principalType"]!.GetValue<string>());
        Assert.Equal("ServicePrincipal", Role(MetricsPublisher)["properties"]!["principalType"]!.GetValue<string>());
        var officer = Role(SecretsOfficer);
        Assert.Equal("[not(empty(parameters('deployerPrincipalId')))]", officer["condition"]!.GetValue<string>());
        Assert.Equal("[parameters('deployerPrincipalId')]", officer["properties"]!["principalId"]!.GetValue<string>());
        Assert.Equal("[parameters('deployerPrincipalType')]", officer["properties"]!["principalType"]!.GetValue<string>());
    }

    [Fact]
    public void Purge_protection_is_on_for_production_and_never_sent_as_false()
    {
        var parameters = _compiled.Main["parameters"]!;
        var vault = Resources(_compiled.Main).Single(r => Type(r) == "Microsoft.KeyVault/vaults");

        Assert.Equal("[equals(parameters('environmentName'), 'production')]", parameters["keyVaultPurgeProtection"]!["defaultValue"]!.GetValue<string>());
        Assert.True(_compiled.ParameterFiles["production"]["parameters"]!["keyVaultPurgeProtection"]!["value"]!.GetValue<bool>());
        // The Key Vault API refuses enablePurgeProtection=false; off must be null.
        Assert.Equal("[if(parameters('purgeProtection'), true(), null())]", vault["properties"]!["enablePurgeProtection"]!.GetValue<string>());
    }

    [Fact]
    public void Environment_names_are_lower_case_letters_and_digits_and_a_derived_vault_name_never_ends_with_a_hyphen()
    {
        foreach (var (name, file) in _compiled.ParameterFiles)
        {
            Assert.Matches("^[a-z0-9]{2,12}$", file["parameters"]!["environmentName"]!["value"]!.GetValue<string>());
            Assert.Equal(name, file["parameters"]!["environmentName"]!["value"]!.GetValue<string>());
        }

        var vaultName = _compiled.Main["variables"]!["vaultName"]!.GetValue<string>();
        Assert.Contains("endsWith(variables('derivedVaultName'), '-')", vaultName, StringComparison.Ordinal);
        Assert.Contains("parameters('keyVaultName')", vaultName, StringComparison.Ordinal);
        Assert.Equal(24, _compiled.Main["parameters"]!["keyVaultName"]!["maxLength"]!.GetValue<int>());
    }

    [Fact]
    public void The_template_lists_every_secret_it_references_for_deploy_sh()
    {
        var output = _compiled.Main["outputs"]!["secretReferences"]!;

        Assert.Equal("array", output["type"]!.GetValue<string>());
        Assert.Equal("[items(variables('secretReferences'))[copyIndex()].value]", output["copy"]!["input"]!["secret"]!.GetValue<string>());
        Assert.Equal("[items(variables('secretReferences'))[copyIndex()].key]", output["copy"]!["input"]!["setting"]!.GetValue<string>());
        Assert.Equal("[union(createObject('GITHUB_TOKEN', 'github-token'), parameters('keyVaultReferences'))]", _compiled.Main["variables"]!["secretReferences"]!.GetValue<string>());
    }

    private static string? Type(JsonNode resource) => resource["type"]?.GetValue<string>();

    /// <summary>Every resource, nested deployments' templates included (modules compile to those).</summary>
    private static IEnumerable<JsonNode> Resources(JsonNode template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!),
            JsonObject map => map.Select(p => p.Value!),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is { } nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Compiles once per test class with the pinned Bicep CLI.</summary>
    public sealed class Compiled : IAsyncLifetime
    {
        private readonly string _output = Directory.CreateTempSubdirectory("sdiag-arm-").FullName;

        public JsonNode Main { get; private set; } = null!;

        public Dictionary<string, JsonNode> ParameterFiles { get; } = new(StringComparer.Ordinal);

        public async Task InitializeAsync()
        {
            var (exit, stdout, stderr) = await Repo.RunAsync("bash", [Repo.File("infra", "build-bicep.sh"), _output], TimeSpan.FromMinutes(5));
            Assert.True(exit == 0, $"build-bicep.sh failed:\n{stdout}{stderr}");
            Main = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_output, "main.json")))!;
            foreach (var file in Directory.EnumerateFiles(_output, "*.parameters.json"))
            {
                var name = Regex.Replace(Path.GetFileName(file), @"\.parameters\.json$", string.Empty);
                ParameterFiles[name] = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
            }

            Assert.NotEmpty(ParameterFiles);
        }

        public Task DisposeAsync()
        {
            Directory.Delete(_output, recursive: true);
            return Task.CompletedTask;
        }
    }
}
