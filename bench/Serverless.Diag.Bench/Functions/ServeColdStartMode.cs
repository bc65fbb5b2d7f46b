using System.Diagnostics;
using System.Globalization;

namespace Serverless.Diag.Bench.Functions;

/// <summary>
/// Cold start of <c>serverless-diag serve</c> (the standalone mode), published ReadyToRun: process start -> listening
/// (first answered <c>GET /</c>), -> first <c>/api/diagnose</c> answered with one cheap check (the diagnosis the
/// scheduled run makes, asked for at once instead of waiting for the next DIAG_SCHEDULE slot); RSS and CPU at each.
/// Publish first: <c>dotnet publish action/Serverless.Diag.Cli -c Release -r linux-x64 --self-contained false
/// -p:PublishReadyToRun=true -o artifacts/cli</c>.
/// Usage: serve-cold-start [CLI_DIR=artifacts/cli] [RUNS=10]
/// </summary>
internal static class ServeColdStartMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cli = Path.GetFullPath(Path.Combine(args.Length > 0 ? args[0] : Path.Combine("artifacts", "cli"), "serverless-diag.dll"));
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"no published CLI at {cli}; see the usage in {nameof(ServeColdStartMode)}.cs");
            return 2;
        }

        var samples = await ProcessFigures.SampleColdStartsAsync(runs, config => MeasureOnceAsync(cli, config));

        Console.WriteLine($"serve-cold-start: {runs} runs of {cli} serve");
        ProcessFigures.Report("process start -> listening (GET / answered) (ms)", samples.Select(s => s.ReadyMs));
        ProcessFigures.Report("process start -> first diagnosis answered (ms)", samples.Select(s => s.FirstRunMs));
        ProcessFigures.Report("CPU time (user+sys) until listening (ms)", samples.Select(s => s.ReadyCpuMs));
        ProcessFigures.Report("CPU time (user+sys) until first diagnosis (ms)", samples.Select(s => s.RunCpuMs));
        ProcessFigures.Report("RSS when listening (MB)", samples.Select(s => s.ReadyRssMb));
        ProcessFigures.Report("RSS after first diagnosis (MB)", samples.Select(s => s.RunRssMb));
        return 0;
    }

    private static async Task<Sample> MeasureOnceAsync(string cli, string config)
    {
        var port = ProcessFigures.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(config)!,
        };
        foreach (var arg in new[] { cli, "serve", "--config", config, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        // The schedule is kept out of the way (once a year): the diagnosis is asked for over HTTP.
        start.Environment["DIAG_SCHEDULE"] = "0 0 0 1 1 *";
        start.Environment.Remove("APPLICATIONINSIGHTS_CONNECTION_STRING");
        start.Environment.Remove("GITHUB_TOKEN");
        start.Environment.Remove("DIAG_API_KEY");
        await using var serve = ServeProcess.Start(start, port);
        var (ready, readyMs) = await serve.AskUntilAnsweredAsync("/", answer => answer.IsSuccessStatusCode, "serve did not start listening");
        ready.Dispose();
        var readyRss = ProcessFigures.RssMb(serve.Id);
        var readyCpu = ProcessFigures.CpuMs(serve.Id);
        using var run = await serve.Client.GetAsync("/api/diagnose?env=bench");
        var runMs = serve.ElapsedMs;
        await ServeProcess.EnsurePassedAsync(run);
        return new Sample(readyMs, runMs, readyRss, ProcessFigures.RssMb(serve.Id), readyCpu, ProcessFigures.CpuMs(serve.Id));
    }

    private sealed record Sample(double ReadyMs, double FirstRunMs, double ReadyRssMb, double RunRssMb, double ReadyCpuMs, double RunCpuMs);
}
