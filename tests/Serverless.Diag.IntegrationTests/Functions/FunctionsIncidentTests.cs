using System.Net;
using System.Text;
using System.Text.Json;
using Serverless.Diag.TestKit.GitHub;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>The timer files incidents through the GitHub-compatible test server; the HTTP function only when asked.</summary>
public sealed class FunctionsIncidentTests : IAsyncLifetime
{
    private const string Token = "ghs_functionsTestToken0123456789";

    private TargetServer _target = null!;
    private FakeGitHubServer _github = null!;
    private HandlerProcess _handler = null!;

    public async Task InitializeAsync()
    {
        _target = await TargetServer.StartAsync();
        _github = await FakeGitHubServer.StartAsync();
        _handler = await HandlerProcess.StartAsync(
            $$"""
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
                expect:
                  - status == 200
            """,
            new Dictionary<string, string>
            {
                ["GITHUB_TOKEN"] = Token,
                ["GITHUB_REPOSITORY"] = _github.Repository,
                ["GITHUB_API_URL"] = _github.BaseUrl,
            });
    }

    public async Task DisposeAsync()
    {
        await _handler.DisposeAsync();
        await _github.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task Each_timer_run_keeps_one_issue_for_the_failing_check()
    {
        using var first = await PostTimerAsync();
        using var second = await PostTimerAsync();
        var summary = await ReturnValueAsync(first);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("incidents: 1 opened", summary, StringComparison.Ordinal);
        var issue = Assert.Single(_github.OpenIssues);
        Assert.Contains("production/api-health", issue.Body, StringComparison.Ordinal);
        Assert.Contains("env:production", issue.Labels);
        Assert.DoesNotContain(Token, _handler.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_files_issues_only_when_asked()
    {
        using var quiet = await _handler.Client.GetAsync("/api/diagnose?env=production");
        var callsAfterQuiet = _github.Requests.Count;
        using var filing = await _handler.Client.GetAsync("/api/diagnose?env=production&file_issues=true");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, quiet.StatusCode);
        Assert.Equal(0, callsAfterQuiet);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, filing.StatusCode);
        Assert.StartsWith("opened=1;", filing.Headers.GetValues("Serverless-Diag-Incidents").Single(), StringComparison.Ordinal);
        Assert.Single(_github.OpenIssues);
    }

    private Task<HttpResponseMessage> PostTimerAsync() =>
        _handler.Client.PostAsync("/ScheduledDiagnosis", new StringContent("""{"Data":{"timer":{"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{}}""", Encoding.UTF8, "application/json"));

    private static async Task<string> ReturnValueAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("ReturnValue").GetString()!;
    }
}
