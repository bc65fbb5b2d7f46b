using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>How the executable starts, and how it behaves when the deployment itself is broken.</summary>
public sealed class HandlerStartupTests
{
    [Fact]
    public async Task Without_a_port_it_refuses_to_start_with_a_message_and_exit_code_2()
    {
        var start = new ProcessStartInfo(HandlerProcess.Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("FUNCTIONS_CUSTOMHANDLER_PORT");
        start.Environment.Remove("FUNCTIONS_HTTPWORKER_PORT");
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("FUNCTIONS_CUSTOMHANDLER_PORT is not set", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_deployed_config_fails_the_timer_with_the_reason_and_the_diagnose_call_with_500()
    {
        await using var handler = await HandlerProcess.StartAsync("""
            version: 1
            environments:
              staging: {}
            checks:
              - name: api-health
                type: http
                url: ${env:MISSING_BASE_URL}/health
            """);

        using var timer = await handler.Client.PostAsync("/ScheduledDiagnosis", new StringContent("""{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}"""));
        using var diagnose = await handler.Client.GetAsync("/api/diagnose");
        using var envelope = JsonDocument.Parse(await timer.Content.ReadAsStringAsync());
        var body = await diagnose.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, timer.StatusCode);
        Assert.Contains("configuration", envelope.RootElement.GetProperty("ReturnValue").GetString(), StringComparison.Ordinal);
        Assert.Contains(envelope.RootElement.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains("MISSING_BASE_URL", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.InternalServerError, diagnose.StatusCode);
        Assert.Contains("MISSING_BASE_URL", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }
}
