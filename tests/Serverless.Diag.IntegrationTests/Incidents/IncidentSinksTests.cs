using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.Secrets;
using Serverless.Diag.TestKit.GitHub;
using static Serverless.Diag.IntegrationTests.Incidents.Reports;

namespace Serverless.Diag.IntegrationTests.Incidents;

public sealed class IncidentSinksTests
{
    [Fact]
    public async Task FromEnvironment_talks_to_GITHUB_API_URL_under_api_v3_with_the_token()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        var secrets = new SecretRedactor();
        var env = new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghs_env_token_abc", ["GITHUB_REPOSITORY"] = github.Repository, ["GITHUB_API_URL"] = github.BaseUrl + "/api/v3" };
        var settings = new GitHubSettings();
        var sink = IncidentSinks.FromEnvironment(n => env.GetValueOrDefault(n), settings, TimeProvider.System, NullLoggerFactory.Instance, secrets);

        Assert.NotNull(sink);
        var config = new DiagConfig { SourcePath = "/repo/diag.yaml", Environments = [], Checks = [] }.WithSection(GitHubSection.SectionKey, settings);
        var summary = await sink.PublishAsync(Run(IncidentHarnessStart, Failing("database")), config, CancellationToken.None);

        Assert.Equal(1, summary.Opened);
        Assert.All(github.Requests, r => Assert.StartsWith("/api/v3/repos/acme/backend/", r.Path));
        Assert.All(github.Requests, r => Assert.EndsWith(" ghs_env_token_abc", r.Authorization, StringComparison.Ordinal));
        Assert.Contains("ghs_env_token_abc", secrets.Values);
        Assert.Contains("--config diag.yaml --env staging", Assert.Single(github.Issues).Body);
    }

    [Fact]
    public async Task The_configured_repository_wins_over_GITHUB_REPOSITORY()
    {
        await using var github = await FakeGitHubServer.StartAsync(repository: "platform/incidents");
        var env = new Dictionary<string, string> { ["GITHUB_TOKEN"] = "t0ken", ["GITHUB_REPOSITORY"] = "acme/app", ["GITHUB_API_URL"] = github.BaseUrl };
        var settings = new GitHubSettings { Repository = "platform/incidents" };
        var sink = IncidentSinks.FromEnvironment(n => env.GetValueOrDefault(n), settings, TimeProvider.System, NullLoggerFactory.Instance, new SecretRedactor())!;

        await sink.PublishAsync(Run(IncidentHarnessStart, Failing("database")), new DiagConfig { SourcePath = "diag.yaml", Environments = [], Checks = [] }.WithSection(GitHubSection.SectionKey, settings), CancellationToken.None);

        Assert.Single(github.Issues);
    }

    [Theory]
    [InlineData(".github/ISSUE_TEMPLATE/incident.md", true)]
    [InlineData("../outside.md", false)]
    public async Task A_template_in_the_checkout_is_read_locally_and_only_inside_it(string template, bool local)
    {
        await using var github = await FakeGitHubServer.StartAsync();
        var root = Path.Combine(Path.GetTempPath(), "sd-checkout-" + Guid.NewGuid().ToString("N"));
        var workspace = Path.Combine(root, "repo");
        Directory.CreateDirectory(Path.Combine(workspace, ".github", "ISSUE_TEMPLATE"));
        await File.WriteAllTextAsync(Path.Combine(workspace, ".github", "ISSUE_TEMPLATE", "incident.md"), "---\ntitle: \"[LOCAL]\"\n---\nLocal template\n");
        await File.WriteAllTextAsync(Path.Combine(root, "outside.md"), "---\ntitle: \"[OUTSIDE]\"\n---\nOutside\n");
        try
        {
            var env = new Dictionary<string, string> { ["GITHUB_TOKEN"] = "tok", ["GITHUB_REPOSITORY"] = github.Repository, ["GITHUB_API_URL"] = github.BaseUrl, ["GITHUB_WORKSPACE"] = workspace };
            var settings = new GitHubSettings { Template = template };
            var sink = IncidentSinks.FromEnvironment(n => env.GetValueOrDefault(n), settings, TimeProvider.System, NullLoggerFactory.Instance, new SecretRedactor())!;

            await sink.PublishAsync(Run(IncidentHarnessStart, Failing("database")), new DiagConfig { SourcePath = "diag.yaml", Environments = [], Checks = [] }.WithSection(GitHubSection.SectionKey, settings), CancellationToken.None);

            var issue = Assert.Single(github.Issues);
            Assert.Equal(local, issue.Title.StartsWith("[LOCAL]", StringComparison.Ordinal));
            Assert.DoesNotContain("OUTSIDE", issue.Title, StringComparison.Ordinal);
            Assert.DoesNotContain(github.Requests, r => r.Path.Contains("/contents/", StringComparison.Ordinal) || r.Path.Contains("outside", StringComparison.Ordinal));
            Assert.Equal(local, issue.Body!.Contains("Local template", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, "acme/backend", "GITHUB_TOKEN")]
    [InlineData("tok", null, "repository")]
    [InlineData("tok", "not-a-repo", "repository")]
    public void FromEnvironment_is_null_with_a_logged_reason_when_something_is_missing(string? token, string? repository, string reason)
    {
        var logs = new ListLogger();
        var env = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = token, ["GITHUB_REPOSITORY"] = repository };

        var sink = IncidentSinks.FromEnvironment(n => env.GetValueOrDefault(n), new GitHubSettings(), TimeProvider.System, new ListLoggerFactory(logs), new SecretRedactor());

        Assert.Null(sink);
        Assert.Contains(logs.Messages, m => m.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ToDirectory_writes_what_would_be_filed_with_the_same_renderer()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sd-issues-" + Guid.NewGuid().ToString("N"));
        try
        {
            var secrets = new SecretRedactor();
            secrets.Add("pa55word-zz");
            var sink = IncidentSinks.ToDirectory(directory, TimeProvider.System, secrets);
            var config = new DiagConfig { SourcePath = "examples/demo.yaml", Environments = [], Checks = [] };

            var summary = await sink.PublishAsync(
                Run(IncidentHarnessStart, Failing("database"), Erroring("api/v2", "refused by pa55word-zz @ops"), Passing("cache"), Skipped("orders", "database")),
                config,
                CancellationToken.None);

            Assert.Equal(2, summary.Opened);
            var files = Directory.GetFiles(directory).Select(Path.GetFileName).Order().ToList();
            Assert.Equal(["staging--api_v2.md", "staging--database.md"], files);
            var database = await File.ReadAllTextAsync(Path.Combine(directory, "staging--database.md"));
            Assert.StartsWith("# [P1][staging] database: connections.ratio < 80% failed (actual 93%)", database);
            Assert.Contains("`severity:P1`", database);
            Assert.Contains("<!-- serverless-diag:fingerprint staging/database -->", database);
            Assert.Contains("`orders`", database);
            var api = await File.ReadAllTextAsync(Path.Combine(directory, "staging--api_v2.md"));
            Assert.DoesNotContain("pa55word-zz", api, StringComparison.Ordinal);
            Assert.DoesNotContain("@ops", api, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static readonly DateTimeOffset IncidentHarnessStart = IncidentHarness.Start;

    private sealed class ListLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add(formatter(state, exception));
            }
        }
    }

    private sealed class ListLoggerFactory(ListLogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
