using System.Net;
using System.Text.Json;
using Serverless.Diag.Hosting.Diagnosis;

namespace Serverless.Diag.Tests.Functions;

/// <summary>
/// Whatever the deployed config does to the loader, the on-demand endpoint answers and the host stays up: a crash while
/// loading is a 500 naming the problem, a load slower than the limit is a 500 saying so while the load goes on.
/// </summary>
public sealed class DiagnoseEndpointGuardTests
{
    private static string Config(string create) => $"""
        version: 1
        environments:
          staging: {"{}"}
        checks:
          - name: healthy
            type: stub
          - name: odd
            type: stub
            create: {create}
        """;

    [Fact]
    public async Task A_loader_crash_is_a_500_naming_the_problem_and_the_host_keeps_serving()
    {
        await using var handler = await InProcessHandler.StartAsync(Config("crash"));

        using var crashed = await handler.Client.GetAsync("/api/diagnose?env=staging");
        var body = await Json(crashed);
        using var again = await handler.Client.GetAsync("/api/diagnose?env=staging&check=healthy");

        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        var problem = Assert.Single(body.GetProperty("problems").EnumerateArray()).GetString()!;
        Assert.Contains("diag.yaml could not be loaded: internal error (InvalidOperationException)", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body.GetRawText(), StringComparison.Ordinal);

        // The same file is refused again, with the same answer: the host survived the first.
        Assert.Equal(HttpStatusCode.InternalServerError, again.StatusCode);
        Assert.Equal(0, handler.Stub.Runs);
    }

    [Fact]
    public async Task A_load_slower_than_the_limit_is_a_500_saying_so_while_the_load_is_still_going()
    {
        await using var handler = await InProcessHandler.StartAsync(Config("slow"), adjust: s => s with { PrepareLimit = TimeSpan.FromSeconds(1) });

        using var response = await handler.Client.GetAsync("/api/diagnose?env=staging");
        var body = await Json(response);
        var stillLoading = !handler.Stub.SlowCreate.IsSet;
        handler.Stub.SlowCreate.Set();

        Assert.True(stillLoading);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = Assert.Single(body.GetProperty("problems").EnumerateArray()).GetString()!;
        Assert.Contains("loading and planning diag.yaml took longer than 1 s; nothing was checked", problem, StringComparison.Ordinal);
        Assert.Equal(0, handler.Stub.Runs);
    }

    [Fact]
    public async Task Runs_beyond_the_parallel_limit_wait_for_a_turn_and_then_run()
    {
        const string twoEnvironments = """
            version: 1
            environments:
              staging: {}
              production: {}
            checks:
              - name: healthy
                type: stub
            """;
        await using var handler = await InProcessHandler.StartAsync(twoEnvironments, adjust: s => s with { MaxParallelRuns = 1 });
        handler.Stub.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var diagnosis = handler.App.Diagnosis;

        var first = handler.Client.GetAsync("/api/diagnose?env=staging");
        await Until(() => handler.Stub.Runs == 1);
        var second = handler.Client.GetAsync("/api/diagnose?env=production");
        await Until(() => diagnosis.InFlight == 2);

        // The second run is in flight but holds no probe while the first keeps the only turn.
        await Task.Delay(500);
        var runsWhileFull = handler.Stub.Runs;
        handler.Stub.Gate.SetResult();
        using var firstAnswer = await first;
        using var secondAnswer = await second;

        Assert.Equal(1, runsWhileFull);
        Assert.Equal(HttpStatusCode.OK, firstAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondAnswer.StatusCode);
        Assert.Equal(2, handler.Stub.Runs);
    }

    private static async Task Until(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the condition did not hold within 60 s");
            await Task.Delay(20);
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
