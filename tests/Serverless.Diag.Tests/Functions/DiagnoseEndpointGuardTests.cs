using System.Net;
using System.Text.Json;

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

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
