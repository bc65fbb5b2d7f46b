using System.Text.Json;
using Serverless.Diag.IntegrationTests.Cli;
using Serverless.Diag.Reporting;
using Serverless.Diag.State;
using Serverless.Diag.State.Local;

namespace Serverless.Diag.IntegrationTests.History;

/// <summary><c>serverless-diag report</c> over runs kept in a real state directory, in text, Markdown and JSON.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("diag-report-").FullName;
    private readonly DateTimeOffset _start = TimeProvider.System.GetUtcNow().AddHours(-6);

    public void Dispose() => Directory.Delete(_state, recursive: true);

    private static string Config() => CliHarness.WriteConfig("""
        version: 1
        environments:
          prod: {}
          staging: {}
        checks:
          - name: api
            type: tcp
            host: 127.0.0.1
            port: 1
          - name: "db|primary"
            type: tcp
            host: 127.0.0.1
            port: 1
            environments: [prod]
        """);

    /// <summary>
    /// api in prod, every 5 minutes over the last 6 hours: passing for the first hour, failing at +65, +70 and (after a
    /// gap, as across a restart of the host) +110, passing again from +115. Up 310 minutes, down 50: 86.111%.
    /// db|primary has no rows: no data. staging has one passing api run 3 hours ago.
    /// </summary>
    private async Task SeedAsync()
    {
        var rows = new List<HistoryEntry>();
        void Add(string environment, int minute, CheckStatus status, double? latency = null) => rows.Add(new HistoryEntry
        {
            Environment = environment,
            Check = "api",
            Time = _start.AddMinutes(minute),
            RunId = $"run{minute:000}",
            Status = status,
            ErrorCause = status == CheckStatus.Error ? "refused" : null,
            FailedAssertions = status == CheckStatus.Fail ? ["connected == true"] : [],
            Measurements = latency is { } ms ? new Dictionary<string, double> { ["latency"] = ms } : new Dictionary<string, double>(),
        });
        for (var m = 0; m <= 60; m += 5)
        {
            Add("prod", m, CheckStatus.Pass, 10 + m);
        }

        Add("prod", 65, CheckStatus.Error);
        Add("prod", 70, CheckStatus.Fail);
        Add("prod", 110, CheckStatus.Fail);
        for (var m = 115; m <= 355; m += 5)
        {
            Add("prod", m, CheckStatus.Pass, 20);
        }

        Add("staging", 180, CheckStatus.Pass);
        var store = new LocalDirectoryStore(_state);
        await store.SaveAsync(new StateBatch("prod", [], [.. rows.Where(r => r.Environment == "prod")], DateTimeOffset.MinValue), CancellationToken.None);
        await store.SaveAsync(new StateBatch("staging", [], [.. rows.Where(r => r.Environment == "staging")], DateTimeOffset.MinValue), CancellationToken.None);
    }

    [Fact]
    public async Task Text_gives_each_environment_and_check_its_time_weighted_availability_outages_and_no_data()
    {
        await SeedAsync();

        var outcome = await CliHarness.RunAsync(null, "report", "--config", Config(), "--since", "6h", "--state", _state);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var lines = outcome.Stdout.Split('\n');
        var api = Assert.Single(lines, l => l.TrimStart().StartsWith("api ", StringComparison.Ordinal) && l.Contains("86.111%", StringComparison.Ordinal));
        Assert.Contains(" 1 ", api, StringComparison.Ordinal);
        Assert.Contains("50m", api, StringComparison.Ordinal);
        Assert.EndsWith("pass", api.TrimEnd(), StringComparison.Ordinal);
        var db = Assert.Single(lines, l => l.TrimStart().StartsWith("db|primary", StringComparison.Ordinal));
        Assert.Contains("no data", db, StringComparison.Ordinal);
        Assert.EndsWith("unknown", db.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("outage api:", StringComparison.Ordinal) && l.Contains("down 50m: refused", StringComparison.Ordinal));

        // staging: one run 3 hours ago speaks for 15 minutes (3 x the default 5-minute interval); the rest is unknown.
        Assert.Contains(lines, l => l.StartsWith("staging: 100%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Markdown_is_a_report_a_team_can_paste_with_names_escaped_as_table_cells()
    {
        await SeedAsync();

        var outcome = await CliHarness.RunAsync(null, "report", "--config", Config(), "--since", "6h", "--env", "prod", "--format", "markdown", "--state", _state);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.StartsWith("# Availability report: the 6h to ", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("## prod: ", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("## staging", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("| api | 86.111% | 1 | 50m | 50m |", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("| db\\|primary | no data | 0 |", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("### Outages", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_carries_the_seconds_and_the_outages()
    {
        await SeedAsync();

        var outcome = await CliHarness.RunAsync(null, "report", "--config", Config(), "--since", "6h", "--env", "prod", "--format", "json", "--state", _state);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var environment = Assert.Single(json.RootElement.GetProperty("environments").EnumerateArray());
        var api = environment.GetProperty("checks")[0];
        Assert.Equal("api", api.GetProperty("name").GetString());
        Assert.Equal(310 * 60, api.GetProperty("upSeconds").GetDouble(), 0);
        Assert.Equal(50 * 60, api.GetProperty("downSeconds").GetDouble(), 0);
        Assert.Equal(3000, api.GetProperty("mttrSeconds").GetDouble(), 0);
        var outage = Assert.Single(api.GetProperty("outages").EnumerateArray());
        Assert.Equal(_start.AddMinutes(65), outage.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(_start.AddMinutes(115), outage.GetProperty("end").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, environment.GetProperty("checks")[1].GetProperty("availability").ValueKind);
    }

    [Fact]
    public async Task An_unknown_environment_or_period_is_a_usage_error()
    {
        var unknown = await CliHarness.RunAsync(null, "report", "--config", Config(), "--env", "prdo", "--state", _state);
        var badMonth = await CliHarness.RunAsync(null, "report", "--config", Config(), "--month", "2026-13", "--state", _state);

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("did you mean 'prod'", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badMonth.ExitCode);
        Assert.Contains("--month", badMonth.Stderr, StringComparison.Ordinal);
    }
}
