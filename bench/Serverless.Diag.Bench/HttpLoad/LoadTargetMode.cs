using System.Runtime.InteropServices;
using Serverless.Diag.TestKit.HttpLoad;

namespace Serverless.Diag.Bench.HttpLoad;

/// <summary>
/// <c>load-target --port N</c>: the TestKit's Kestrel load target in its own process, so wrk and our probe hit the
/// same server and our memory figure covers only the load generator. Runs until SIGTERM or SIGINT.
/// </summary>
internal static class LoadTargetMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = (int)(new BenchArgs(args).Number("port") ?? 0);
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => stop.TrySetResult());
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => stop.TrySetResult());
        await using var server = await LoadTargetServer.StartAsync(port);
        Console.WriteLine(server.BaseUrl);
        await stop.Task;
        return 0;
    }
}
