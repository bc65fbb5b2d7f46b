using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Serverless.Diag.IntegrationTests.ApplicationInsights;
using Serverless.Diag.TestKit.ApplicationInsights;
using Serverless.Diag.TestKit.GitHub;
using Serverless.Diag.TestKit.Notifications;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.Cli;

/// <summary>
/// <c>serverless-diag serve</c> as a process: what it refuses at start (exit 2 with the reason), the key on
/// /api/diagnose, the schedule from DIAG_SCHEDULE, Application Insights and notifications, and a clean SIGTERM (exit 0).
/// </summary>
public sealed class ServeProcessTests
{
    private const string ApiKey = "serve-key-7d1c0b9a55e4";
    private const string Secret = "sekret-serve-0f3a9c2b71";

    private static string Config(TracedTarget target, string extra = "") => CliHarness.WriteConfig($$"""
        version: 1
        github:
          labels: [incident]
        {{extra}}
        environments:
          staging:
            vars: { base: "{{target.Base}}" }
        checks:
          - name: api-health
            type: http
            url: ${base}/health
            headers:
              Authorization: Bearer ${env:API_TOKEN}
            expect: [status == 200]
          - name: degraded
            type: http
            url: ${base}/degraded?key=${env:API_TOKEN}
            severity: P1
            expect: [status == 200]
        """);

    [Theory]
    [InlineData("http://0.0.0.0:{0}")]
    [InlineData("http://*:{0}")]
    [InlineData("http://127.0.0.1:{1};http://[::]:{0}")]
    public async Task A_public_address_without_DIAG_API_KEY_is_refused_at_start_with_exit_2_and_the_fix(string urls)
    {
        await using var target = await TracedTarget.StartAsync();
        var port = FreePort.Next();
        var listen = string.Format(CultureInfo.InvariantCulture, urls, port, FreePort.Next());
        await using var serve = ServeProcess.Start(Environment(), "--config", Config(target), "--urls", listen);

        var exit = await serve.ExitCodeAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(2, exit);
        Assert.Contains("refusing to serve /api/diagnose on '", serve.Output, StringComparison.Ordinal);
        Assert.Contains("without a key: set DIAG_API_KEY, or listen on loopback only", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ServeProcess.ReadyLine, serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Output, StringComparison.Ordinal);
        Assert.Equal(0, target.Requests);
        Assert.False(await AcceptsAsync(port));
    }

    [Fact]
    public async Task An_https_address_is_refused_at_start_with_exit_2_and_nothing_is_left_listening()
    {
        await using var target = await TracedTarget.StartAsync();
        var plain = FreePort.Next();
        var listen = $"http://127.0.0.1:{plain};https://127.0.0.1:{FreePort.Next()}";
        await using var serve = ServeProcess.Start(Environment(), "--config", Config(target), "--urls", listen);

        var exit = await serve.ExitCodeAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(2, exit);
        Assert.Contains("serverless-diag listens on plain HTTP; terminate TLS in front of it", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ServeProcess.ReadyLine, serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Output, StringComparison.Ordinal);
        Assert.False(await AcceptsAsync(plain));
    }

    [Fact]
    public async Task A_config_that_cannot_run_or_a_schedule_without_seconds_is_refused_at_start_with_exit_2()
    {
        await using var target = await TracedTarget.StartAsync();
        var broken = CliHarness.WriteConfig("""
            version: 1
            environments:
              staging: {}
            checks:
              - name: api
                type: htp
            """);

        await using var badConfig = ServeProcess.Start(Environment(), "--config", broken, "--urls", $"http://127.0.0.1:{FreePort.Next()}");
        var badSchedule = Environment();
        badSchedule["DIAG_SCHEDULE"] = "*/5 * * * *";
        await using var cron = ServeProcess.Start(badSchedule, "--config", Config(target), "--urls", $"http://127.0.0.1:{FreePort.Next()}");

        Assert.Equal(2, await badConfig.ExitCodeAsync(TimeSpan.FromSeconds(90)));
        Assert.Matches($@"{Path.GetFileName(broken)}:6:\d+: unknown check type 'htp'", badConfig.Output);
        Assert.Equal(2, await cron.ExitCodeAsync(TimeSpan.FromSeconds(90)));
        Assert.Contains("DIAG_SCHEDULE '*/5 * * * *' is not an NCRONTAB expression with seconds", cron.Output, StringComparison.Ordinal);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task With_DIAG_API_KEY_a_missing_or_wrong_key_is_401_the_right_one_is_200_and_SIGTERM_exits_0()
    {
        await using var target = await TracedTarget.StartAsync();
        await using var ingestion = await IngestionServer.StartAsync();
        var port = FreePort.Next();
        var environment = Environment();
        environment["DIAG_API_KEY"] = ApiKey;
        environment["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ingestion.ConnectionString;
        environment["DIAG_RUN_LOCATION"] = "serve-test";
        await using var serve = ServeProcess.Start(environment, "--config", Config(target), "--urls", $"http://127.0.0.1:{port}");
        await serve.WaitUntilListeningAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };

        using var missing = await client.GetAsync("/api/diagnose?env=staging");
        using var wrongQuery = await client.GetAsync("/api/diagnose?env=staging&code=" + ApiKey[..^1]);
        using var wrongHeader = new HttpRequestMessage(HttpMethod.Get, "/api/diagnose?env=staging");
        wrongHeader.Headers.Add("x-functions-key", ApiKey + "x");
        using var wrong = await client.SendAsync(wrongHeader);
        var requestsBeforeKey = target.Requests;
        using var withHeader = new HttpRequestMessage(HttpMethod.Get, "/api/diagnose?env=staging");
        withHeader.Headers.Add("x-functions-key", ApiKey);
        using var ok = await client.SendAsync(withHeader);
        using var okQuery = await client.GetAsync("/api/diagnose?env=staging&check=api-health&code=" + ApiKey);
        var body = await ok.Content.ReadAsStringAsync();
        var exit = await serve.TerminateAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(0, requestsBeforeKey);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("fail", ok.Headers.GetValues("Serverless-Diag-Status").Single());
        Assert.Equal(HttpStatusCode.OK, okQuery.StatusCode);
        Assert.Equal("pass", okQuery.Headers.GetValues("Serverless-Diag-Status").Single());
        Assert.Equal(0, exit);

        // Both diagnoses are in Application Insights: three results, correlated with what the target received.
        var items = ingestion.AvailabilityItems;
        Assert.Equal(["staging/api-health", "staging/api-health", "staging/degraded"], items.Select(i => AvailabilityResultsTests.Data(i)["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var degraded = items.Single(i => AvailabilityResultsTests.Data(i)["name"]!.GetValue<string>() == "staging/degraded");
        Assert.Equal("serve-test", AvailabilityResultsTests.Data(degraded)["runLocation"]!.GetValue<string>());
        Assert.Equal("status == 200 failed (actual 503)", AvailabilityResultsTests.Data(degraded)["message"]!.GetValue<string>());
        Assert.Equal([$"00-{degraded["tags"]!["ai.operation.id"]!.GetValue<string>()}-{AvailabilityResultsTests.Data(degraded)["id"]!.GetValue<string>()}-01"], target.TraceParents("/degraded"));
        var healthOperations = items.Where(i => AvailabilityResultsTests.Data(i)["name"]!.GetValue<string>() == "staging/api-health").Select(i => i["tags"]!["ai.operation.id"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(healthOperations, target.TraceParents("/health").Select(tp => tp!.Split('-')[1]).Order(StringComparer.Ordinal));
        AssertNoSecret(serve.Output + body + string.Concat(ingestion.Requests.Select(r => r.Body)), ApiKey, Secret);
    }

    [Fact]
    public async Task With_DIAG_STATE_serve_remembers_failures_across_diagnoses_and_without_it_a_threshold_is_refused_at_start()
    {
        await using var target = await TracedTarget.StartAsync();
        var config = Config(target, "defaults:\n  failure_threshold: 2");
        var state = Directory.CreateTempSubdirectory("diag-serve-state-").FullName;
        try
        {
            await using (var storeless = ServeProcess.Start(Environment(), "--config", config, "--urls", $"http://127.0.0.1:{FreePort.Next()}"))
            {
                Assert.Equal(2, await storeless.ExitCodeAsync(TimeSpan.FromSeconds(90)));
                Assert.Contains("DIAG_STATE", storeless.Output, StringComparison.Ordinal);
            }

            var port = FreePort.Next();
            var environment = Environment();
            environment["DIAG_STATE"] = state;
            await using var serve = ServeProcess.Start(environment, "--config", config, "--urls", $"http://127.0.0.1:{port}");
            await serve.WaitUntilListeningAsync();
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };

            var first = await client.GetStringAsync("/api/diagnose?env=staging&check=degraded");
            var second = await client.GetStringAsync("/api/diagnose?env=staging&check=degraded");
            Assert.Equal(0, await serve.TerminateAsync());

            // The second diagnosis counts on the first one's stored failure (the memory is the store's, not the request's):
            // it meets the threshold, so it is no longer pending; a serve without memory would say 1/2 again.
            Assert.Equal([(1, 2)], PendingCounts(first));
            Assert.Empty(PendingCounts(second));
            Assert.NotEmpty(Directory.EnumerateFiles(state, "*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static List<(int Failures, int Threshold)> PendingCounts(string report)
    {
        var found = new List<(int, int)>();
        var pending = new Stack<JsonElement>([JsonDocument.Parse(report).RootElement]);
        while (pending.TryPop(out var element))
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("pending") && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        found.Add((property.Value.GetProperty("failures").GetInt32(), property.Value.GetProperty("threshold").GetInt32()));
                    }
                    else
                    {
                        pending.Push(property.Value);
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    pending.Push(item);
                }
            }
        }

        return found;
    }

    [Theory]
    [InlineData("down")]
    [InlineData("slow")]
    public async Task Ingestion_down_or_slow_diagnose_still_answers_in_bounded_time(string outage)
    {
        await using var target = await TracedTarget.StartAsync();
        await using var ingestion = await IngestionServer.StartAsync();
        ingestion.Answer = _ => IngestionAnswer.Slow(TimeSpan.FromSeconds(120));
        var port = FreePort.Next();
        var environment = Environment();
        environment["APPLICATIONINSIGHTS_CONNECTION_STRING"] = outage == "slow"
            ? ingestion.ConnectionString
            : $"InstrumentationKey={IngestionServer.InstrumentationKey};IngestionEndpoint=http://127.0.0.1:{FreePort.Next()}/";
        await using var serve = ServeProcess.Start(environment, "--config", Config(target), "--urls", $"http://127.0.0.1:{port}");
        await serve.WaitUntilListeningAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(3) };

        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/api/diagnose?env=staging");
        var elapsed = clock.Elapsed;
        await serve.WaitForAsync(o => o.Contains("availability results not recorded", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "warning about lost results");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The bound: the 5 s flush timeout plus two loopback checks, far below the endpoint's 120 s (roomy for a busy machine).
        Assert.True(elapsed < TimeSpan.FromSeconds(45), $"answered after {elapsed}");
        Assert.Contains("2 of 2 availability results not recorded", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_schedule_from_DIAG_SCHEDULE_fires_files_one_incident_and_notifies_the_webhook_once()
    {
        await using var target = await TracedTarget.StartAsync();
        await using var github = await FakeGitHubServer.StartAsync();
        await using var receiver = await NotificationReceiver.StartAsync();
        await using var ingestion = await IngestionServer.StartAsync();
        var environment = Environment();
        environment["DIAG_SCHEDULE"] = "*/2 * * * * *";
        environment["GITHUB_TOKEN"] = "ghs_serveScheduleToken0123456789abc";
        environment["GITHUB_REPOSITORY"] = github.Repository;
        environment["GITHUB_API_URL"] = github.BaseUrl;
        environment["HOOK_URL"] = receiver.Url("/hooks/serve");
        environment["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ingestion.ConnectionString;
        var config = Config(target, """
            notify:
              - name: automation
                type: webhook
                url: ${env:HOOK_URL}
            """);
        await using var serve = ServeProcess.Start(environment, "--config", config, "--urls", $"http://127.0.0.1:{FreePort.Next()}");

        // Two scheduled runs at least: the second must neither file nor notify again.
        await serve.WaitForAsync(o => Count(o, "Diagnosis (timer") >= 2, TimeSpan.FromSeconds(120), "two scheduled runs");
        var exit = await serve.TerminateAsync();

        Assert.Equal(0, exit);
        Assert.Contains("ScheduledDiagnosis on '*/2 * * * * *' (UTC)", serve.Output, StringComparison.Ordinal);
        var issue = Assert.Single(github.Issues);
        Assert.True(issue.IsOpen);
        Assert.Contains("degraded", issue.Title, StringComparison.Ordinal);
        var hook = Assert.Single(receiver.Accepted);
        Assert.Equal("/hooks/serve", hook.Path);
        using (var payload = JsonDocument.Parse(hook.Body))
        {
            Assert.Equal("opened", payload.RootElement.GetProperty("event").GetString());
            Assert.Equal("staging/degraded", payload.RootElement.GetProperty("fingerprint").GetString());
            Assert.EndsWith($"/issues/{issue.Number}", payload.RootElement.GetProperty("issue_url").GetString(), StringComparison.Ordinal);
        }

        // Each scheduled run recorded both checks.
        var runs = Count(serve.Output, "Diagnosis (timer");
        Assert.InRange(ingestion.AvailabilityItems.Count, 2 * runs - 2, 2 * runs);
        AssertNoSecret(serve.Output + hook.Body + issue.Body + string.Concat(ingestion.Requests.Select(r => r.Body)), Secret);
    }

    private static Dictionary<string, string?> Environment() => new() { ["API_TOKEN"] = Secret };

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static void AssertNoSecret(string text, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            foreach (var encoding in AvailabilityResultsTests.Encodings(secret))
            {
                Assert.DoesNotContain(encoding, text, StringComparison.Ordinal);
            }
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
