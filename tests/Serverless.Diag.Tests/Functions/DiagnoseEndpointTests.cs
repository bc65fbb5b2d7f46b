using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Serverless.Diag.Hosting.Diagnosis;

namespace Serverless.Diag.Tests.Functions;

/// <summary>
/// The shared /api/diagnose handler in process (through `serve`), with a stub check type; the Functions worker is
/// driven over the host protocol in the integration tests.
/// </summary>
public sealed class DiagnoseEndpointTests
{
    private const string Secret = "tok-9f8e7d6c5b4a";

    private const string Config = """
        version: 1
        environments:
          staging: {}
          production: {}
        checks:
          - name: healthy
            type: stub
            outcome: pass
          - name: broken
            type: stub
            outcome: error
            environments: [production]
          - name: leaky
            type: stub
            outcome: error
            message: "refused with token ${env:API_TOKEN}"
            environments: [production]
            tags: [leaky]
        """;

    private static readonly Dictionary<string, string?> Environment = new() { ["API_TOKEN"] = Secret };

    [Fact]
    public async Task Concurrent_requests_for_one_environment_share_one_run()
    {
        await using var handler = await InProcessHandler.StartAsync(Config, Environment);
        handler.Stub.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var diagnosis = handler.App.Diagnosis;
        var key = new DiagnosisRequest { Environments = ["staging"] };

        var requests = Enumerable.Range(0, 6).Select(_ => handler.Client.GetAsync("/api/diagnose?env=staging")).ToList();
        var waited = Stopwatch.StartNew();
        while (diagnosis.Waiting(key) < requests.Count && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20);
        }

        handler.Stub.Gate.SetResult();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, handler.Stub.Runs);
    }

    [Fact]
    public async Task A_completed_diagnosis_is_200_whatever_the_targets_health_with_the_status_in_the_header_and_body()
    {
        await using var handler = await InProcessHandler.StartAsync(Config, Environment);

        using var pass = await handler.Client.GetAsync("/api/diagnose?env=staging");
        using var fail = await handler.Client.PostAsync("/api/diagnose", new StringContent("""{"env":"production","check":["healthy","broken"]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, pass.StatusCode);
        Assert.Equal("pass", (await Json(pass)).GetProperty("status").GetString());
        Assert.Equal("pass", pass.Headers.GetValues("Serverless-Diag-Status").Single());
        Assert.Equal(HttpStatusCode.OK, fail.StatusCode);
        var report = await Json(fail);
        Assert.Equal("fail", report.GetProperty("status").GetString());
        Assert.Equal(2, report.GetProperty("summary").GetProperty("total").GetInt32());
        Assert.Equal("fail", fail.Headers.GetValues("Serverless-Diag-Status").Single());
    }

    [Theory]
    [InlineData(null, "skipped")]
    [InlineData("false", "skipped")]
    [InlineData("true", "error")]
    public async Task Load_checks_run_on_demand_only_when_the_deployment_allows_it(string? allowOnDemand, string expected)
    {
        const string config = """
            version: 1
            environments:
              staging: { allow_load: true }
            checks:
              - name: burst
                type: http-load
                url: http://127.0.0.1:9/
                requests: 5
            """;
        var environment = new Dictionary<string, string?> { ["DIAG_ALLOW_LOAD_ON_DEMAND"] = allowOnDemand };
        await using var handler = await InProcessHandler.StartAsync(config, environment);

        using var response = await handler.Client.GetAsync("/api/diagnose?env=staging&check=burst");

        var check = (await Json(response)).GetProperty("environments")[0].GetProperty("checks")[0];
        Assert.Equal(expected, check.GetProperty("status").GetString());
        if (expected == "skipped")
        {
            Assert.Contains("not run from this entry point", check.GetProperty("skipReason").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Fail_status_503_keeps_the_old_code_for_pingers_and_only_for_a_failed_run()
    {
        await using var handler = await InProcessHandler.StartAsync(Config, Environment);

        using var fail = await handler.Client.GetAsync("/api/diagnose?env=production&check=broken&fail_status=503");
        using var pass = await handler.Client.GetAsync("/api/diagnose?env=staging&fail_status=503");
        using var bad = await handler.Client.GetAsync("/api/diagnose?env=staging&fail_status=200");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, fail.StatusCode);
        Assert.Equal("fail", fail.Headers.GetValues("Serverless-Diag-Status").Single());
        Assert.Equal(HttpStatusCode.OK, pass.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Markdown_when_asked()
    {
        await using var handler = await InProcessHandler.StartAsync(Config, Environment);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/diagnose?env=staging");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/markdown"));

        using var response = await handler.Client.SendAsync(request);

        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("healthy", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_environment_or_check_is_400_with_the_valid_names()
    {
        await using var handler = await InProcessHandler.StartAsync(Config, Environment);

        using var env = await handler.Client.GetAsync("/api/diagnose?env=qa");
        using var check = await handler.Client.GetAsync("/api/diagnose?check=nope");

        Assert.Equal(HttpStatusCode.BadRequest, env.StatusCode);
        Assert.Equal(["production", "staging"], (await Json(env)).GetProperty("validNames").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(HttpStatusCode.BadRequest, check.StatusCode);
        Assert.Contains("healthy", (await Json(check)).GetProperty("validNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, handler.Stub.Runs);
    }

    [Fact]
    public async Task A_secret_a_probe_saw_is_masked_in_the_report()
    {
        await using var handler = await InProcessHandler.StartAsync(Config, Environment);

        using var report = await handler.Client.GetAsync("/api/diagnose?env=production&tag=leaky");
        var reportText = await report.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        using (var parsed = JsonDocument.Parse(reportText))
        {
            var error = parsed.RootElement.GetProperty("environments")[0].GetProperty("checks")[0].GetProperty("error");
            Assert.Contains("***", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Secret, reportText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_deployed_config_is_500_saying_so_with_every_problem_and_no_stack_trace()
    {
        await using var handler = await InProcessHandler.StartAsync("""
            version: 1
            environments:
              staging: {}
            checks:
              - name: healthy
                type: stub
                colour: blue
            """);

        using var response = await handler.Client.GetAsync("/api/diagnose");
        var body = await Json(response);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("deployment problem", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(body.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("diag.yaml:", StringComparison.Ordinal) && p.GetString()!.Contains("colour", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", body.GetRawText(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
