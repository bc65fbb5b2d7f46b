using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Serverless.Diag.IntegrationTests.Action;
using Serverless.Diag.IntegrationTests.Notifications;
using Serverless.Diag.TestKit.Notifications;

namespace Serverless.Diag.IntegrationTests.Cli;

/// <summary>
/// <c>serverless-diag run --notify</c> end to end: the published command line as separate processes (and its entry
/// point in-process for the slow fault cases), a real target, real receivers, the fake GitHub API or a state store.
/// </summary>
public sealed class CliNotifyTests : IAsyncLifetime
{
    private const string RoutingKey = "pd-routing-PLANTED-7c1e9a0b5d3f4e2a";
    private const string HookSecret = "whsec-PLANTED-51d0c3a9e8";
    private const string GitHubToken = "ghp_cliNotifyToken0123456789";
    private GitHubGate _gate = null!;
    private NotificationReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _gate = await GitHubGate.StartAsync(GitHubToken);
        _receiver = await NotificationReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _gate.DisposeAsync();
    }

    [Fact]
    public async Task With_a_state_store_and_no_github_separate_processes_send_one_trigger_and_one_resolve()
    {
        using var step = PlainProcess();
        var config = step.WriteConfig(Config());
        var state = Path.Combine(step.Root, "state");
        var exits = new List<int>();
        var output = new StringBuilder();
        async Task RunAsync(int times)
        {
            for (var run = 0; run < times; run++)
            {
                var result = await step.RunCliAsync("run", "--config", config, "--notify", "--state", state);
                exits.Add(result.ExitCode);
                output.Append(result.Stdout).Append(result.Stderr);
            }
        }

        _gate.Targets.Healthy = false;
        await RunAsync(2);
        _gate.Targets.Healthy = true;
        await RunAsync(3);

        Assert.True(exits.SequenceEqual([1, 1, 0, 0, 0]), output.ToString());
        var pagerDuty = _receiver.Accepted.Where(r => r.Path == "/v2/enqueue").Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["trigger", "resolve"], pagerDuty.Select(e => e.GetProperty("event_action").GetString()));
        Assert.All(pagerDuty, e => Assert.Equal("staging/api", e.GetProperty("dedup_key").GetString()));
        Assert.Equal(RoutingKey, pagerDuty[0].GetProperty("routing_key").GetString());
        Assert.Equal("error", pagerDuty[0].GetProperty("payload").GetProperty("severity").GetString());
        foreach (var request in _receiver.Requests.Where(r => r.Path == "/v2/enqueue"))
        {
            Assert.Empty(await ServiceSchemas.PagerDutyProblemsAsync(request.Body));
        }

        var hooks = _receiver.Accepted.Where(r => r.Path == "/hooks/automation").ToList();
        Assert.Equal(["opened", "resolved"], hooks.Select(h => h.Headers["X-Serverless-Diag-Event"]));
        Assert.All(hooks, h => Assert.Equal(Signature(h), h.Headers["X-Serverless-Diag-Signature"]));
        AssertNoSecret(output.ToString());
        AssertNoSecret(string.Concat(Directory.GetFiles(state, "*", SearchOption.AllDirectories).Select(File.ReadAllText)));
    }

    [Fact]
    public async Task With_github_issues_the_trigger_links_the_issue_and_neither_issue_nor_output_holds_a_secret()
    {
        using var step = _gate.Connect(PlainProcess());
        var config = step.WriteConfig(Config());
        _gate.Targets.Healthy = false;

        var first = await step.RunCliAsync("run", "--config", config, "--file-issues", "--notify");
        var second = await step.RunCliAsync("run", "--config", config, "--file-issues", "--notify");

        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.True(second.ExitCode == 1, second.ToString());
        var issue = Assert.Single(_gate.GitHub.Issues);
        var trigger = JsonDocument.Parse(Assert.Single(_receiver.Accepted, r => r.Path == "/v2/enqueue").Body).RootElement;
        Assert.EndsWith($"/issues/{issue.Number}", trigger.GetProperty("links")[0].GetProperty("href").GetString(), StringComparison.Ordinal);
        Assert.Single(_receiver.Accepted, r => r.Path == "/hooks/automation");
        AssertNoSecret(issue.Body + issue.Title + string.Concat(_gate.GitHub.CommentsOn(issue.Number).Select(c => c.Body)));
        AssertNoSecret(first.ToString() + second);
    }

    [Fact]
    public async Task Failing_deliveries_never_change_the_run_and_are_sent_once_by_the_next_run()
    {
        var state = Directory.CreateTempSubdirectory("diag-cli-notify-").FullName;
        var config = FailingConfig();
        for (var i = 0; i < 3; i++)
        {
            _receiver.Enqueue(500);
        }

        var first = await RunFailingAsync(config, "--notify", "--state", state, "--format", "json");

        // A receiver that hangs past the 10 s attempt timeout: the next attempt delivers, nothing is doubled.
        _receiver.Enqueue(200, hang: TimeSpan.FromSeconds(60));
        var second = await RunFailingAsync(config, "--notify", "--state", state, "--format", "json");
        var third = await RunFailingAsync(config, "--notify", "--state", state, "--format", "json");

        Assert.Equal("fail", JsonDocument.Parse(first.Stdout).RootElement.GetProperty("status").GetString());
        Assert.Single(_receiver.Accepted, r => r.Path == "/v2/enqueue");
        Assert.Single(_receiver.Accepted, r => r.Path == "/hooks/automation");
        // Run 1: three 500s for PagerDuty (left for the next run), the webhook delivered; run 2: a hang, then 202; run 3: nothing.
        Assert.Equal([500, 500, 500, 0, 202], _receiver.Requests.Where(r => r.Path == "/v2/enqueue").Select(r => r.AnsweredStatus));
        Assert.Equal([200], _receiver.Requests.Where(r => r.Path == "/hooks/automation").Select(r => r.AnsweredStatus));
        AssertNoSecret(first.Stdout + first.Stderr + second.Stdout + second.Stderr + third.Stdout + third.Stderr);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_for_within_the_run()
    {
        var state = Directory.CreateTempSubdirectory("diag-cli-notify-").FullName;
        var config = FailingConfig();
        _receiver.Enqueue(429, retryAfter: TimeSpan.FromSeconds(2));

        await RunFailingAsync(config, "--notify", "--state", state);

        var calls = _receiver.Requests.Where(r => r.Path == "/v2/enqueue").ToList();
        Assert.Equal([429, 202], calls.Select(r => r.AnsweredStatus));
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {calls[1].At - calls[0].At}");
    }

    [Fact]
    public async Task Dry_run_notify_prints_each_request_masked_and_sends_nothing()
    {
        var run = await RunFailingAsync(FailingConfig(), "--dry-run-notify");

        Assert.Empty(_receiver.Requests);
        Assert.Contains("notify oncall (pagerduty): opened staging/api -> POST", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("notify automation (webhook): opened staging/api -> POST", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"event_action\":\"trigger\"", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("X-Serverless-Diag-Signature: sha256=", run.Stderr, StringComparison.Ordinal);
        AssertNoSecret(run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Notify_with_neither_github_nor_a_state_store_sends_nothing_and_says_why()
    {
        var run = await RunFailingAsync(FailingConfig(), "--notify");

        Assert.Empty(_receiver.Requests);
        Assert.Contains("needs --file-issues (GitHub) or a state store", run.Stderr, StringComparison.Ordinal);
    }

    private string Config() => $$"""
        version: 1
        environments:
          staging:
            vars: { base: "{{_gate.Targets.Base}}" }
        checks:
          - name: api
            type: http
            url: ${base}/flaky
            severity: P1
            expect: [status == 200]
        github:
          close_after: 2
        notify:
          - name: oncall
            type: pagerduty
            routing_key: ${env:PD_ROUTING_KEY}
            events_url: ${env:PD_EVENTS_URL}
          - name: automation
            type: webhook
            url: ${env:HOOK_URL}
            secret: ${env:HOOK_SECRET}
        """;

    private Dictionary<string, string> Environment() => new(StringComparer.Ordinal)
    {
        ["PD_ROUTING_KEY"] = RoutingKey,
        ["PD_EVENTS_URL"] = _receiver.Url("/v2/enqueue"),
        ["HOOK_URL"] = _receiver.Url("/hooks/automation"),
        ["HOOK_SECRET"] = HookSecret,
    };

    /// <summary>The config written to a file, with the target made to fail: each run over it opens or keeps an incident.</summary>
    private string FailingConfig()
    {
        _gate.Targets.Healthy = false;
        return CliHarness.WriteConfig(Config());
    }

    /// <summary>The command line's entry point in-process over the config with the channels' variables; it must exit 1 (a check failed).</summary>
    private async Task<CliHarness.Outcome> RunFailingAsync(string config, params string[] options)
    {
        var run = await CliHarness.RunAsync(Environment(), ["run", "--config", config, .. options]);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Stderr}");
        return run;
    }

    /// <summary>The published command line as a plain process (not in Actions), with the channels' variables set.</summary>
    private RunnerStep PlainProcess()
    {
        var step = new RunnerStep();
        step.Environment.Remove("GITHUB_ACTIONS");
        step.Environment.Remove("GITHUB_STEP_SUMMARY");
        step.Environment.Remove("GITHUB_OUTPUT");
        foreach (var (key, value) in Environment())
        {
            step.Environment[key] = value;
        }

        return step;
    }

    private void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(RoutingKey[..16], text, StringComparison.Ordinal);
        Assert.DoesNotContain(HookSecret[..12], text, StringComparison.Ordinal);
        Assert.DoesNotContain(_receiver.Url("/hooks"), text, StringComparison.Ordinal);
        Assert.DoesNotContain(_receiver.Url("/v2/enqueue"), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(RoutingKey)), text, StringComparison.Ordinal);
    }

    /// <summary>sha256=HMAC-SHA256(secret, "timestamp.body"), computed here from the received request.</summary>
    private static string Signature(ReceivedRequest request) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HookSecret), Encoding.UTF8.GetBytes($"{request.Headers["X-Serverless-Diag-Timestamp"]}.{request.Body}")));
}
