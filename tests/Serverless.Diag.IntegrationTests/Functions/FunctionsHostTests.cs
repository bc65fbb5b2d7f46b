using System.Net;
using System.Text;
using System.Text.Json;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>
/// The handler executable driven with the payloads the Functions host really sends
/// (shared/reference/azure-functions/custom-handler-payloads.md) against a real Kestrel target.
/// </summary>
public sealed class FunctionsHostTests : IAsyncLifetime
{
    private const string Token = "tok-5a4b3c2d1e0f";

    // Verbatim from the reference notes (func start, first run: Last without an offset).
    private const string FirstRunPayload = """
        {
            "Data": {
                "myTimer": {
                    "Schedule": {
                        "AdjustForDST": true
                    },
                    "ScheduleStatus": {
                        "Last": "0001-01-01T00:00:00",
                        "Next": "2024-11-30T14:45:51+00:00",
                        "LastUpdated": "2024-11-30T14:43:50.403838+00:00"
                    },
                    "IsPastDue": false
                }
            },
            "Metadata": {
                "sys": {
                    "MethodName": "uk-generation-mix",
                    "UtcNow": "2024-11-30T14:43:50.46239Z",
                    "RandGuid": "fa3b2fbc-26ed-4fcb-be75-82db8773b519"
                }
            }
        }
        """;

    private TargetServer _target = null!;
    private HandlerProcess _handler = null!;

    public async Task InitializeAsync()
    {
        _target = await TargetServer.StartAsync();
        _handler = await HandlerProcess.StartAsync(
            $$"""
            version: 1
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
                  Authorization: "Bearer ${env:API_TOKEN}"
                expect:
                  - status == 200
            """,
            new Dictionary<string, string> { ["API_TOKEN"] = Token });
    }

    public async Task DisposeAsync()
    {
        await _handler.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task Timer_first_run_payload_gets_the_envelope_the_host_expects()
    {
        using var response = await PostTimerAsync(FirstRunPayload);
        var envelope = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Object, envelope.GetProperty("Outputs").ValueKind);
        Assert.Empty(envelope.GetProperty("Outputs").EnumerateObject());
        var logs = envelope.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Contains(logs, l => l.Contains("first run", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("past due", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("production/api-health error", StringComparison.Ordinal) || l.Contains("production/api-health fail", StringComparison.Ordinal));
        Assert.StartsWith("fail: 2 check(s) in 2 environment(s): 1 pass", envelope.GetProperty("ReturnValue").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, _target.Requests);
    }

    [Fact]
    public async Task Past_due_timer_says_so_in_its_log()
    {
        using var response = await PostTimerAsync("""
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2024-11-30T14:40:00+00:00","Next":"2024-11-30T14:45:00+00:00","LastUpdated":"2024-11-30T14:40:00.1+00:00"},"IsPastDue":true}},
             "Metadata":{"sys":{"MethodName":"ScheduledDiagnosis","UtcNow":"2024-11-30T14:52:00Z","RandGuid":"24ad4c06-24ad-4e5b-8294-3da9714877e9"}}}
            """);
        var envelope = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(envelope.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains("Timer is past due (scheduled 2024-11-30T14:45:00.0000000+00:00)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Null_schedule_status_and_unknown_fields_are_tolerated()
    {
        using var response = await PostTimerAsync("""
            {"Data":{"timer":{"Schedule":{"AdjustForDST":false,"Kind":"Cron"},"ScheduleStatus":null,"IsPastDue":false,"NewField":[1,2,3]}},
             "Metadata":{"sys":{"MethodName":"ScheduledDiagnosis"},"SomethingNew":{"a":1}},"Extra":"x"}
            """);
        var envelope = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(envelope.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains("no schedule status", StringComparison.Ordinal));
        Assert.StartsWith("fail:", envelope.GetProperty("ReturnValue").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"Data\": ")]
    [InlineData("[1, 2]")]
    [InlineData("{\"Data\":{\"timer\":{\"ScheduleStatus\":{\"Last\":\"not a time\"}}}}")]
    public async Task Malformed_timer_invocation_is_400_with_the_envelope_and_nothing_runs(string body)
    {
        using var response = await PostTimerAsync(body);
        var envelope = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("malformed", envelope.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _target.Requests);
    }

    [Fact]
    public async Task Diagnose_passing_environment_is_200_with_the_json_report()
    {
        using var response = await _handler.Client.GetAsync("/api/diagnose?env=staging&code=the-function-key");
        var report = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pass", report.GetProperty("status").GetString());
        Assert.Equal("staging", report.GetProperty("environments")[0].GetProperty("name").GetString());
        Assert.Equal(200, report.GetProperty("environments")[0].GetProperty("checks")[0].GetProperty("measurements").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Diagnose_failing_environment_is_503_and_the_token_never_leaves()
    {
        using var response = await _handler.Client.PostAsync("/api/diagnose", new StringContent("""{"env":["production"],"check":"api-health"}""", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var report = JsonDocument.Parse(text);
        Assert.Equal("fail", report.RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, _handler.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_unknown_environment_is_400_with_the_valid_names()
    {
        using var response = await _handler.Client.GetAsync("/api/diagnose?env=qa");
        var body = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["production", "staging"], body.GetProperty("validNames").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(0, _target.Requests);
    }

    [Theory]
    [InlineData("{\"env\": ")]
    [InlineData("{\"url\": \"http://169.254.169.254/\"}")]
    public async Task Diagnose_malformed_body_is_400_and_nothing_runs(string body)
    {
        using var response = await _handler.Client.PostAsync("/api/diagnose", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("malformed request", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _target.Requests);
    }

    [Fact]
    public async Task Logs_go_to_stdout_for_the_host()
    {
        using var response = await PostTimerAsync(FirstRunPayload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Scheduled diagnosis: first run", _handler.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, _handler.Output, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> PostTimerAsync(string body) =>
        _handler.Client.PostAsync("/ScheduledDiagnosis", new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
