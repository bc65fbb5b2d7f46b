using System.Text.Json;
using Serverless.Diag.IntegrationTests.State;
using Serverless.Diag.TestKit.Azurite;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.Aot;

/// <summary>The Azure Table state store (Azure.Data.Tables, Azure.Core) from the Native AOT binary, against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AotStateStoreTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("diag-aot-state-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [AzuriteFact]
    public async Task Runs_are_remembered_in_table_storage_and_history_reads_them_back()
    {
        var server = await azurite.ServerAsync();
        var state = server.ConnectionString + $"TableName={AzuriteFixture.UniqueTableName()};";
        var config = Path.Combine(_folder, "diag.yaml");
        await File.WriteAllTextAsync(config, $"""
            version: 1
            environments:
              prod: {"{}"}
            checks:
              - name: closed-port
                type: tcp
                host: 127.0.0.1
                port: {FreePort.Next()}
                timeout: 2s
                expect: [connected == false]
            """);

        var first = await AotCli.RunAsync(_folder, null, "run", "--config", config, "--state", state);
        var second = await AotCli.RunAsync(_folder, null, "run", "--config", config, "--state", state);
        var history = await AotCli.RunAsync(_folder, null, "history", "--config", config, "--state", state, "--format", "json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Contains("closed-port", history.Stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(history.Stdout);
        // Two runs of the one check came back from the table.
        var check = Assert.Single(json.RootElement.GetProperty("checks").EnumerateArray());
        Assert.Equal("closed-port", check.GetProperty("name").GetString());
        Assert.Equal(2, check.GetProperty("runs").GetInt32());
        Assert.Equal("..", check.GetProperty("timeline").GetString());
        Assert.DoesNotContain(AzuriteServer.AccountKey, first.Stdout + first.Stderr + history.Stdout + history.Stderr, StringComparison.Ordinal);
    }
}
