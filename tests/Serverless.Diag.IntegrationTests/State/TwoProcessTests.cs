using System.Diagnostics;
using Serverless.Diag.AzureStorage;
using Serverless.Diag.State;
using Serverless.Diag.State.Local;
using Serverless.Diag.TestKit.Azurite;
using Serverless.Diag.TestKit.GitHub;

namespace Serverless.Diag.IntegrationTests.State;

/// <summary>
/// Two real <c>serverless-diag run --file-issues</c> processes at the same moment against one state store (a
/// directory, then Azurite) and one GitHub-compatible API: no update is lost and the incident is filed once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TwoProcessTests(AzuriteFixture azurite, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string Token = "ghs_twoProcessToken0123456789abcdef";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly string _folder = Directory.CreateTempSubdirectory("diag-two-processes-").FullName;
    private RendezvousTarget _target = null!;
    private FakeGitHubServer _github = null!;

    public async Task InitializeAsync()
    {
        _target = await RendezvousTarget.StartAsync(parties: 2);
        _github = await FakeGitHubServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        await _target.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string WriteConfig()
    {
        var path = Path.Combine(_folder, "diag.yaml");
        File.WriteAllText(path, $$"""
            version: 1
            environments:
              prod:
                vars: { base: "{{_target.BaseUrl}}" }
            checks:
              - name: api
                type: http
                url: ${base}/api
                timeout: 90s
                expect: [status == 200]
              - name: counted
                type: http
                url: ${base}/counted
                timeout: 90s
                failure_threshold: 10
                expect: [status == 200]
            """);
        return path;
    }

    [Fact]
    public async Task Two_processes_sharing_a_state_directory_lose_no_update_and_file_one_issue()
    {
        var state = Path.Combine(_folder, "state");

        await RunBothAsync(state);

        await AssertOneIncidentAndNoLostUpdateAsync(new LocalDirectoryStore(state));
    }

    [AzuriteFact]
    public async Task Two_processes_sharing_an_Azurite_table_lose_no_update_and_file_one_issue()
    {
        var state = (await azurite.ServerAsync()).ConnectionString + $"TableName={AzuriteFixture.UniqueTableName()};";

        var outputs = await RunBothAsync(state);

        await AssertOneIncidentAndNoLostUpdateAsync(TableStores.Open(state));
        Assert.DoesNotContain(AzuriteServer.AccountKey, string.Join('\n', outputs), StringComparison.Ordinal);
    }

    private async Task<string[]> RunBothAsync(string state)
    {
        var config = WriteConfig();
        var runs = await Task.WhenAll(RunCliAsync(config, state), RunCliAsync(config, state));
        foreach (var (exit, output) in runs)
        {
            // 1: the run found failures; anything else is the tool failing.
            Assert.True(exit == 1, $"exit {exit}: {output}");
            Assert.DoesNotContain("Unhandled", output, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, output, StringComparison.Ordinal);
        }

        Assert.Equal(2, _target.Requests("/api"));
        return [.. runs.Select(r => r.Output)];
    }

    private async Task AssertOneIncidentAndNoLostUpdateAsync(IStateStore store)
    {
        var issue = Assert.Single(_github.Issues);
        Assert.True(issue.IsOpen);
        Assert.Contains("api", issue.Title, StringComparison.Ordinal);
        Assert.Single(_github.Requests, r => r.IsCreateIssue);

        var snapshot = await store.LoadAsync("prod", CancellationToken.None);
        Assert.Empty(snapshot.Warnings);
        Assert.Equal(2, snapshot.Checks["counted"].ConsecutiveFailures);
        var history = await store.ReadHistoryAsync("prod", null, DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal(4, history.Count);
        Assert.Equal(2, history.Select(h => h.RunId).Distinct(StringComparer.Ordinal).Count());

        // Both processes let go of the filing lease when they finished.
        var lease = await store.TryAcquireLeaseAsync(IncidentLeases.NameFor("prod"), "someone-else", TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.NotNull(lease);
        await lease!.DisposeAsync();
    }

    private async Task<(int ExitCode, string Output)> RunCliAsync(string config, string state)
    {
        var start = Cli.CliLaunch.StartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "serverless-diag.dll"));
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var argument in new[] { "run", "--config", config, "--state", state, "--file-issues" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GITHUB_TOKEN"] = Token;
        start.Environment["GITHUB_REPOSITORY"] = _github.Repository;
        start.Environment["GITHUB_API_URL"] = _github.BaseUrl;
        start.Environment.Remove("GITHUB_ACTIONS");
        start.Environment.Remove("DIAG_STATE");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"serverless-diag run did not finish within {Patience}: {await stderr}");
        }

        var text = await stdout + await stderr;
        output.WriteLine($"process {process.Id}: exit {process.ExitCode} after {clock.Elapsed}\n{text}");
        return (process.ExitCode, text);
    }
}
