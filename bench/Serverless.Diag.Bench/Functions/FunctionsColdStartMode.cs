using System.Diagnostics;
using System.Globalization;
using Serverless.Diag.TestKit.FunctionsHost;

namespace Serverless.Diag.Bench.Functions;

/// <summary>
/// Cold start of the packaged isolated worker (infra/package.sh: linux-x64, ReadyToRun), started and driven by the
/// emulated Functions host over its gRPC protocol as Azure starts it: process start -> WorkerInitResponse (worker
/// initialised), -> both functions loaded, -> first ScheduledDiagnosis invocation answered with one cheap check (tcp to
/// a loopback listener); RSS and CPU time at each point.
/// Usage: functions-cold-start [APP_DIR=artifacts/functionapp] [RUNS=10]
/// </summary>
internal static class FunctionsColdStartMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var app = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine("artifacts", "functionapp"));
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        if (!File.Exists(Path.Combine(app, "worker.config.json")))
        {
            Console.Error.WriteLine($"no packaged worker in {app}; run infra/package.sh first");
            return 2;
        }

        var samples = await ProcessFigures.SampleColdStartsAsync(runs, config => MeasureOnceAsync(app, config));

        Console.WriteLine($"functions-cold-start: {runs} runs of the isolated worker in {app}, driven over the host protocol");
        ProcessFigures.Report("process start -> worker initialised (ms)", samples.Select(s => s.InitialisedMs));
        ProcessFigures.Report("process start -> functions loaded (ms)", samples.Select(s => s.LoadedMs));
        ProcessFigures.Report("process start -> first ScheduledDiagnosis done (ms)", samples.Select(s => s.FirstRunMs));
        ProcessFigures.Report("CPU time (user+sys) until functions loaded (ms)", samples.Select(s => s.LoadedCpuMs));
        ProcessFigures.Report("CPU time (user+sys) until first run done (ms)", samples.Select(s => s.RunCpuMs));
        ProcessFigures.Report("RSS when loaded (MB)", samples.Select(s => s.LoadedRssMb));
        ProcessFigures.Report("RSS after first run (MB)", samples.Select(s => s.RunRssMb));
        return 0;
    }

    private static async Task<Sample> MeasureOnceAsync(string app, string config)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DIAG_CONFIG"] = config,
            ["DIAG_SCHEDULE"] = "0 */5 * * * *",
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = null,
            ["GITHUB_TOKEN"] = null,
        };
        await using var host = await FunctionsHostEmulator.StartAsync(app, settings);
        var loadedRss = ProcessFigures.RssMb(host.WorkerProcessId);
        var loadedCpu = ProcessFigures.CpuMs(host.WorkerProcessId);
        var run = await host.InvokeTimerAsync("ScheduledDiagnosis", TimerPayloads.WithoutScheduleStatus());
        var runMs = Stopwatch.GetElapsedTime(host.ProcessStarted, run.Answered).TotalMilliseconds;
        if (!run.Succeeded || !run.Logs.Any(l => l.Message.Contains("pass", StringComparison.Ordinal) && l.Message.Contains("1 check(s)", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"the timer run did not pass: {run.FailureMessage} {string.Join(" | ", run.Logs)}");
        }

        return new Sample(
            host.Initialised.TotalMilliseconds,
            host.Loaded.TotalMilliseconds,
            runMs,
            loadedRss,
            ProcessFigures.RssMb(host.WorkerProcessId),
            loadedCpu,
            ProcessFigures.CpuMs(host.WorkerProcessId));
    }

    // Wall time suffers when the machine is shared; CPU time (user + system) of the worker does much less.
    private sealed record Sample(double InitialisedMs, double LoadedMs, double FirstRunMs, double LoadedRssMb, double RunRssMb, double LoadedCpuMs, double RunCpuMs);
}
