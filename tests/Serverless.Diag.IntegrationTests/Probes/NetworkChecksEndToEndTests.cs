using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.Sinks.Console;
using Serverless.Diag.Sinks.Json;
using Serverless.Diag.Sinks.Markdown;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.Probes;

/// <summary>The network check types through the whole engine: config, planner, runner, assertions, every report format.</summary>
public sealed class NetworkChecksEndToEndTests
{
    private const string Token = "tok-E2E-PLANTED-5be0c1";

    [Fact]
    public async Task Misbehaving_targets_get_the_right_status_and_cause_and_the_planted_token_appears_in_no_report()
    {
        await using var target = await KestrelTarget.StartAsync(app =>
        {
            app.MapStatus("/health", 200, """{"status":"healthy"}""", "application/json");
            app.MapStatus("/broken-json", 200, "<html>oops</html>", "text/html");
            app.MapSlow("/slow", TimeSpan.FromSeconds(60));
            app.MapReset("/reset");
            app.MapGet("/boom", (HttpContext c) => Results.Text($"crash; request had {c.Request.Headers.Authorization}", statusCode: 500));
            app.MapWebSocketEcho("/ws");
        });
        var closedPort = HttpProbeTests.FreePort();
        var yaml = $$"""
            version: 1
            defaults:
              timeout: 2s
            environments:
              local:
                vars: { base: "{{target.BaseAddress.ToString().TrimEnd('/')}}" }
            checks:
              - name: healthy
                type: http
                url: ${base}/health
                auth: { type: bearer, token: "${env:API_TOKEN}" }
                expect: [status == 200, latency < 2s, json.status == "healthy", headers.content-type contains "json"]
              - name: not-json
                type: http
                url: ${base}/broken-json
                expect: [json.status == "healthy"]
              - name: slow
                type: http
                url: ${base}/slow
                expect: [status == 200]
              - name: reset
                type: http
                url: ${base}/reset
              - name: server-error
                type: http
                url: ${base}/boom
                auth: { type: bearer, token: "${env:API_TOKEN}" }
                expect: [status == 200]
              - name: refused
                type: tcp
                host: 127.0.0.1
                port: {{closedPort}}
                expect: [connected == true]
              - name: must-be-closed
                type: tcp
                host: 127.0.0.1
                port: {{closedPort}}
                expect: [connected == false]
              - name: unresolvable
                type: dns
                host: no-such-service.invalid
              - name: echo
                type: websocket
                url: ws://127.0.0.1:{{target.Port}}/ws
                send: ping
                expect: [reply == "ping", roundtrip < 1s]
            """;

        var registry = ProbeCatalog.CreateDefault();
        var config = new ConfigLoader(registry).Parse(yaml, "diag.yaml");
        var plan = new RunPlanner(registry, name => name == "API_TOKEN" ? Token : null).Plan(config, RunFilter.All);
        var started = TimeProvider.System.GetTimestamp();
        var report = await new DiagRunner(TimeProvider.System, NullLoggerFactory.Instance).RunAsync(plan, progress: null, CancellationToken.None);
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        var checks = report.AllChecks.ToDictionary(c => c.Name);
        Assert.Equal(CheckStatus.Pass, checks["healthy"].Status);
        Assert.Equal(CheckStatus.Fail, checks["not-json"].Status);
        Assert.Contains("body is not JSON", checks["not-json"].Assertions.Single().Message, StringComparison.Ordinal);
        // The probe says "no response within 2s"; on a starved machine the runner may abandon it first ("no result within 2s").
        AssertError(checks["slow"], "timeout");
        Assert.EndsWith("within 2s", checks["slow"].Error!.Message.Split(" (")[0], StringComparison.Ordinal);
        AssertError(checks["reset"], "reset");
        Assert.Equal(CheckStatus.Fail, checks["server-error"].Status);
        Assert.Contains(checks["server-error"].Evidence, e => e.Content.Contains("crash; request had ***", StringComparison.Ordinal));
        AssertError(checks["refused"], "refused");
        Assert.Equal(CheckStatus.Pass, checks["must-be-closed"].Status);
        AssertError(checks["unresolvable"], "dns");
        Assert.Equal(CheckStatus.Pass, checks["echo"].Status);
        // Checks run concurrently: the 2 s timeout bounds the whole run, with a margin for a busy machine.
        Assert.True(elapsed < TimeSpan.FromSeconds(8), $"run took {elapsed}");

        using var console = new StringWriter(CultureInfo.InvariantCulture);
        new ConsoleReportWriter(console, useColor: false).Write(report);
        foreach (var output in new[] { JsonReportWriter.ToJson(report), MarkdownReportWriter.ToMarkdown(report), console.ToString() })
        {
            Assert.DoesNotContain(Token, output, StringComparison.Ordinal);
            Assert.Contains("server-error", output, StringComparison.Ordinal);
        }
    }

    private static void AssertError(CheckReport check, string cause, string? messageStart = null)
    {
        Assert.True(check.Status == CheckStatus.Error, $"{check.Name}: {check.Status} {check.Headline}");
        Assert.Equal(cause, check.Error!.Cause.Name);
        if (messageStart is not null)
        {
            Assert.StartsWith(messageStart, check.Error.Message, StringComparison.Ordinal);
        }
    }
}
