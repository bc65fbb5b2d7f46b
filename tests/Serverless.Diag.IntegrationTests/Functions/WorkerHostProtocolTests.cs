using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Serverless.Diag.TestKit.FunctionsHost;
using Serverless.Diag.TestKit.GitHub;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>
/// The published isolated worker driven over the Functions host's own protocol (gRPC FunctionRpc event stream, HTTP
/// forwarded to the worker's listener): what the host receives back is what Azure records.
/// </summary>
[Collection(PublishedAppCollection.Name)]
public sealed class WorkerHostProtocolTests(PackagedApp package) : IAsyncLifetime
{
    private const string Token = "ghs_workerTestToken0123456789abcdef";
    private const string ApiSecret = "s3cr3t-api-key-4711";

    private TargetServer _target = null!;
    private FakeGitHubServer _github = null!;

    public async Task InitializeAsync()
    {
        _target = await TargetServer.StartAsync();
        _github = await FakeGitHubServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        await _target.DisposeAsync();
    }

    private string Config => $$"""
        version: 1
        github:
          labels: [incident, synthetic-check]
        environments:
          staging:
            vars: { base: "{{_target.BaseUrl}}" }
          production:
            vars: { base: "{{_target.BaseUrl}}/broken" }
        checks:
          - name: api-health
            type: http
            url: ${base}/health
            headers:
              Authorization: Bearer ${env:API_TOKEN}
            tags: [fast]
            expect:
              - status == 200
        """;

    private Dictionary<string, string?> GitHubSettings => new()
    {
        ["GITHUB_TOKEN"] = Token,
        ["GITHUB_REPOSITORY"] = _github.Repository,
        ["GITHUB_API_URL"] = _github.BaseUrl,
        ["API_TOKEN"] = ApiSecret,
    };

    [Fact]
    public async Task The_worker_initialises_offers_its_http_listener_and_indexes_both_functions_with_their_bindings()
    {
        await using var worker = await PublishedWorker.StartAsync(package, Config, GitHubSettings);
        var host = worker.Host;

        Assert.NotNull(host.WorkerHttpUri);
        Assert.Equal(["Diagnose", "ScheduledDiagnosis"], host.FunctionBindings.Keys.Order(StringComparer.Ordinal));
        var timer = JsonDocument.Parse(host.FunctionBindings["ScheduledDiagnosis"].Single()).RootElement;
        Assert.Equal("timerTrigger", timer.GetProperty("type").GetString());
        Assert.Equal("%DIAG_SCHEDULE%", timer.GetProperty("schedule").GetString());
        var http = host.FunctionBindings["Diagnose"].Select(b => JsonDocument.Parse(b).RootElement).ToList();
        var trigger = http.Single(b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
        Assert.Equal("diagnose", trigger.GetProperty("route").GetString());
        Assert.Equal(["get", "post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task A_timer_run_files_one_issue_logs_one_summary_at_information_and_each_failing_check_at_warning_once()
    {
        await using var worker = await PublishedWorker.StartAsync(package, Config, GitHubSettings);

        var first = await worker.TimerAsync(TimerPayloads.FirstRun(new DateTime(2026, 3, 1, 10, 5, 0, DateTimeKind.Utc)));
        var second = await worker.TimerAsync();

        Assert.True(first.Succeeded, first.FailureMessage);
        Assert.True(second.Succeeded, second.FailureMessage);
        var issue = Assert.Single(_github.OpenIssues);
        Assert.Contains("production", issue.Title, StringComparison.Ordinal);

        var summary = Assert.Single(first.Logs, l => l.Message.StartsWith("Diagnosis (timer", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, summary.Level);
        Assert.Contains("first run", summary.Message, StringComparison.Ordinal);
        Assert.Contains("1 opened", summary.Message, StringComparison.Ordinal);
        var failing = Assert.Single(first.Logs, l => l.Level == LogLevel.Warning);
        Assert.StartsWith("production/api-health fail: status == 200 failed (actual 500)", failing.Message, StringComparison.Ordinal);
        Assert.Equal(first.Logs.Count, first.Logs.Select(l => l.Message).Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(first.Logs, l => l.Level >= LogLevel.Error);
        Assert.Contains(second.Logs, l => l.Message.Contains("0 opened, 1 updated", StringComparison.Ordinal) || l.Message.Contains("0 opened", StringComparison.Ordinal));
        Assert.DoesNotContain(worker.Host.Logs, l => l.Message.Contains(ApiSecret, StringComparison.Ordinal) || l.Message.Contains(Token, StringComparison.Ordinal));
        Assert.DoesNotContain(ApiSecret, worker.Host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Past_due_and_missing_schedule_status_are_said_in_the_summary_and_still_run()
    {
        await using var worker = await PublishedWorker.StartAsync(package, Config, GitHubSettings);

        var pastDue = await worker.TimerAsync(TimerPayloads.PastDue(new DateTime(2026, 3, 1, 9, 55, 0, DateTimeKind.Utc), new DateTime(2026, 3, 1, 10, 5, 0, DateTimeKind.Utc)));
        var noStatus = await worker.TimerAsync(TimerPayloads.WithoutScheduleStatus());

        Assert.True(pastDue.Succeeded, pastDue.FailureMessage);
        Assert.Contains(pastDue.Logs, l => l.Level == LogLevel.Information && l.Message.Contains("past due", StringComparison.Ordinal) && l.Message.Contains("2 check(s)", StringComparison.Ordinal));
        Assert.True(noStatus.Succeeded, noStatus.FailureMessage);
        Assert.Contains(noStatus.Logs, l => l.Message.Contains("no schedule status", StringComparison.Ordinal) && l.Message.Contains("2 check(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_config_that_cannot_run_is_a_failed_timer_invocation_with_its_reason_and_one_error_log()
    {
        await using var worker = await PublishedWorker.StartAsync(package, Config.Replace("type: http", "type: htp", StringComparison.Ordinal), GitHubSettings);

        var run = await worker.TimerAsync();

        Assert.False(run.Succeeded);
        Assert.Contains("cannot run", run.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("htp", run.FailureMessage, StringComparison.Ordinal);
        Assert.Single(run.Logs, l => l.Level == LogLevel.Error && l.Message.Contains("htp", StringComparison.Ordinal) && !l.IsSystem);
        Assert.Empty(_github.Issues);
        Assert.Equal(0, _target.Requests);
    }

    [Fact]
    public async Task An_unresolved_key_vault_reference_is_a_config_problem_naming_the_setting_never_probed_never_filed()
    {
        var settings = GitHubSettings;
        settings["API_TOKEN"] = "@Microsoft.KeyVault(SecretUri=https://kv-diag.vault.azure.net/secrets/api-token/)";
        await using var worker = await PublishedWorker.StartAsync(package, Config, settings);

        var timer = await worker.TimerAsync();
        var (response, _) = await worker.DiagnoseAsync("/api/diagnose?env=staging");
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var body = string.Join('\n', error.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));

        Assert.False(timer.Succeeded);
        Assert.Contains("API_TOKEN", timer.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(timer.Logs, l => l.Level == LogLevel.Error && l.Message.Contains("'API_TOKEN' is an unresolved Key Vault reference", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("'API_TOKEN' is an unresolved Key Vault reference", body, StringComparison.Ordinal);
        Assert.DoesNotContain("kv-diag", body, StringComparison.Ordinal);
        Assert.Equal(0, _target.Requests);
        Assert.Empty(_github.Issues);
        Assert.DoesNotContain(_github.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Diagnose_answers_200_for_a_failing_target_with_the_status_header_and_503_only_when_asked()
    {
        await using var worker = await PublishedWorker.StartAsync(package, Config, GitHubSettings);

        var (failing, invocation) = await worker.DiagnoseAsync("/api/diagnose?env=production");
        var (pinger, _) = await worker.DiagnoseAsync("/api/diagnose?env=production&fail_status=503");
        var (passing, _) = await worker.DiagnoseAsync("/api/diagnose", new StringContent("""{"env": "staging", "tag": ["fast"]}""", Encoding.UTF8, "application/json"));

        Assert.True(failing.StatusCode == HttpStatusCode.OK, await failing.Content.ReadAsStringAsync() + invocation + string.Join('\n', worker.Host.Logs));
        Assert.Equal("fail", failing.Headers.GetValues("Serverless-Diag-Status").Single());
        using (var report = JsonDocument.Parse(await failing.Content.ReadAsStringAsync()))
        {
            Assert.Equal("fail", report.RootElement.GetProperty("status").GetString());
        }

        Assert.True(invocation.Succeeded, invocation.FailureMessage);
        Assert.Contains(invocation.Logs, l => l.Level == LogLevel.Information && l.Message.StartsWith("Diagnosis (http) fail", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, pinger.StatusCode);
        Assert.Equal(HttpStatusCode.OK, passing.StatusCode);
        Assert.Equal("pass", passing.Headers.GetValues("Serverless-Diag-Status").Single());
        Assert.Empty(_github.Issues);
    }

    [Fact]
    public async Task Diagnose_refuses_bad_requests_with_400_or_413_and_echoes_no_unbounded_input()
    {
        await using var worker = await PublishedWorker.StartAsync(package, Config, GitHubSettings);
        var longName = new string('e', 6000);

        var (tag, _) = await worker.DiagnoseAsync("/api/diagnose?tag=slow");
        var (big, _) = await worker.DiagnoseAsync("/api/diagnose", new ByteArrayContent(new byte[64 * 1024]));
        var (utf8, _) = await worker.DiagnoseAsync("/api/diagnose", new ByteArrayContent([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]));
        var (env, _) = await worker.DiagnoseAsync("/api/diagnose?env=" + longName);

        Assert.Equal(HttpStatusCode.BadRequest, tag.StatusCode);
        Assert.Contains("fast", await tag.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, utf8.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, env.StatusCode);
        Assert.True((await env.Content.ReadAsStringAsync()).Length < 500);
        Assert.Equal(0, _target.Requests);
    }

    [Fact]
    public async Task Diagnose_answers_within_its_budget_with_the_unfinished_check_reported_as_not_run()
    {
        var config = Config + """

              - name: slow-dependency
                type: http
                url: ${base}/../hang
                timeout: 50s
            """;
        var settings = GitHubSettings;
        settings["DIAG_DIAGNOSE_BUDGET"] = "3";
        await using var worker = await PublishedWorker.StartAsync(package, config, settings);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (response, invocation) = await worker.DiagnoseAsync("/api/diagnose?env=staging");
        var elapsed = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(invocation.Succeeded, invocation.FailureMessage);
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"answered after {elapsed}");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = report.RootElement.GetProperty("environments")[0].GetProperty("checks").EnumerateArray().ToList();
        var slow = checks.Single(c => c.GetProperty("name").GetString() == "slow-dependency");
        Assert.True(slow.GetProperty("status").GetString() == "skipped", slow.GetRawText());
        Assert.Contains("budget (3 s)", slow.GetProperty("skipReason").GetString(), StringComparison.Ordinal);
        Assert.Equal("pass", checks.Single(c => c.GetProperty("name").GetString() == "api-health").GetProperty("status").GetString());
    }
}
