using System.Diagnostics;
using System.Text.Json;
using Serverless.Diag.TestKit.Prometheus;

namespace Serverless.Diag.IntegrationTests.Runbooks;

/// <summary>Waiting for a real Prometheus to have seen what a test did (it scrapes every second).</summary>
internal static class PrometheusWaits
{
    public static async Task<PrometheusServer> StartAsync(IEnumerable<string> targets)
    {
        var binary = PrometheusServer.FindBinary() ?? throw new InvalidOperationException("prometheus not found (apt-get install prometheus)");
        var server = await PrometheusServer.StartAsync(binary, targets);
        try
        {
            await server.WaitForTargetsAsync("up", TimeSpan.FromSeconds(60));

            // rate() over the guide's 5-minute range needs at least two samples of every series.
            await UntilAsync(server, "min(count_over_time(http_requests_total[5m])) > 2", TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Until <paramref name="promql"/> returns a series (PromQL filters make it return none while false).</summary>
    public static async Task UntilAsync(PrometheusServer server, string promql, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = server.Url };
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (clock.Elapsed < timeout)
        {
            try
            {
                var body = await client.GetStringAsync(new Uri("api/v1/query?query=" + Uri.EscapeDataString(promql), UriKind.Relative));
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.GetProperty("data").GetProperty("result").GetArrayLength() > 0)
                {
                    return;
                }

                last = body;
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Prometheus never answered {promql} within {timeout}: {last}\n{server.Log}");
    }
}
