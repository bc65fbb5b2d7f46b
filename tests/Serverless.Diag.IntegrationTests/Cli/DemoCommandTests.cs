namespace Serverless.Diag.IntegrationTests.Cli;

public class DemoCommandTests
{
    [Fact]
    public async Task The_demo_finds_every_planted_problem_and_writes_the_issues_it_would_file()
    {
        var issues = Path.Combine(Path.GetTempPath(), $"demo-issues-{Guid.NewGuid():N}");

        var outcome = await CliHarness.RunAsync(null, "demo", "--issues-dir", issues);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Demo complete: every planted problem was found", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("FAIL    orders-api", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("SKIPPED orders-detail", outcome.Stdout, StringComparison.Ordinal);
        var files = Directory.GetFiles(issues).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["demo--admin-requires-auth.md", "demo--orders-api.md", "demo--search-latency.md"], files);
        Assert.Contains("orders-detail", File.ReadAllText(Path.Combine(issues, "demo--orders-api.md")), StringComparison.Ordinal);
    }
}
