using System.Text;

namespace Serverless.Diag.IntegrationTests.Cli;

/// <summary>
/// <c>run --baseline report.json</c> with a file that is no report: the command tells where and what, names the baseline
/// report (not the config) as what was refused, and exits 2 before anything runs.
/// </summary>
public sealed class CliBaselineReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("diag-cli-baseline-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string, byte[], string> BadReports() => new()
    {
        { "garbage", [0x1A, 0x00, 0xFF, 0xFE, 0x7F, 0x80, 0x01], ":1:1: the baseline report is not valid JSON: " },
        { "truncated", Encoding.UTF8.GetBytes("{\"environments\": [\n  {\"name\": \"staging\", \"checks\": ["), ":2:" },
        { "wrong-shape", Encoding.UTF8.GetBytes("{\n  \"environments\": [\n    {\"name\": \"staging\", \"checks\": [ {\"name\": 5} ]}\n  ]\n}\n"), ":3:" },
        { "environments-not-a-list", Encoding.UTF8.GetBytes("{\"environments\": 5}"), ":1:" },
        { "an-array", Encoding.UTF8.GetBytes("[1, 2]"), ":1:" },
        { "empty", [], ":1:1: the baseline report is empty: pass a report written with --format json or --output" },
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task A_bad_baseline_report_exits_2_with_its_position_before_anything_runs(string name, byte[] content, string expected)
    {
        var report = Path.Combine(_directory, name + ".json");
        await File.WriteAllBytesAsync(report, content);

        var outcome = await RunAsync(report);

        var lines = Lines(outcome.Stderr);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(report + expected, lines[0], StringComparison.Ordinal);
        Assert.Equal("1 problem in the baseline report; nothing ran.", lines[1]);
        Assert.Empty(outcome.Stdout);
    }

    [Theory]
    [InlineData("wrong-shape", "{\n  \"environments\": [\n    {\"name\": \"staging\", \"checks\": [ {\"name\": 5} ]}\n  ]\n}\n", "not a serverless-diag JSON report: 'environments[0].checks[0].name' must be a string")]
    [InlineData("environments-not-a-list", "{\"environments\": 5}", "not a serverless-diag JSON report: 'environments' must be a list")]
    [InlineData("an-array", "[1, 2]", "not a serverless-diag JSON report: the file must hold a JSON object")]
    public async Task Json_of_the_wrong_shape_names_the_property_not_a_dotnet_type(string name, string content, string expected)
    {
        var report = Path.Combine(_directory, name + ".json");
        await File.WriteAllTextAsync(report, content);

        var outcome = await RunAsync(report);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(": " + expected + "; pass a report written with --format json or --output", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Serverless.Diag.", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_file_is_refused_without_being_read()
    {
        var report = Path.Combine(_directory, "huge.json");
        await using (var file = File.Create(report))
        {
            file.SetLength(200L * 1024 * 1024); // Sparse: no disk is used, but the length is real.
        }

        var outcome = await RunAsync(report);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(
            [$"{report}:1:1: the baseline report is larger than 64 MB; a JSON report of serverless-diag is far smaller: pass a report written with --format json or --output", "1 problem in the baseline report; nothing ran."],
            Lines(outcome.Stderr));
    }

    private async Task<CliHarness.Outcome> RunAsync(string report)
    {
        // A check nobody answers: it must never be reached, as the report is refused first.
        var config = Path.Combine(_directory, "diag.yaml");
        await File.WriteAllTextAsync(config, """
            version: 1
            environments:
              staging: {}
            checks:
              - name: api
                type: http
                url: http://127.0.0.1:9/health
                expect: [status == 200]
            """);
        return await CliHarness.RunAsync(null, "run", "--config", config, "--baseline", report, "--format", "json");
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
