using System.Diagnostics;
using System.Globalization;

namespace Serverless.Diag.Bench.Functions;

/// <summary>
/// The command line as released (Native AOT) against the single-file self-contained ReadyToRun build, side by side
/// in one run: <c>serve</c> from process start to the first answered <c>/api/diagnose</c> with one cheap check and
/// RSS after it; <c>validate</c> and a one-check <c>run</c> from process start to exit; the size of each executable.
/// Both builds come from <c>scripts/publish-cli.sh --cached</c> unless given. A third row is a reference: ASP.NET Core's
/// own smallest Native AOT host (Serverless.Diag.Bench.MinimalHost: the slim builder, console logging, one endpoint,
/// no work), started and asked the same way, to compare serve (which starts Kestrel without a host) with a typical
/// Native AOT web app.
/// Usage: native-vs-r2r [RUNS=15] [AOT_BINARY] [R2R_BINARY]
/// </summary>
internal static class NativeVsReadyToRunMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        var aot = args.Length > 1 ? args[1] : await PublishAsync("aot");
        var r2r = args.Length > 2 ? args[2] : await PublishAsync("r2r");
        var builds = new[] { ("Native AOT", aot), ("ReadyToRun single-file", r2r) };
        var rows = new List<Row>();
        foreach (var (name, binary) in builds)
        {
            var serve = await ProcessFigures.SampleColdStartsAsync(runs, config => ServeOnceAsync(binary, config));
            var validate = await ProcessFigures.SampleColdStartsAsync(runs, config => ExitOnceAsync(binary, "validate", config));
            var run = await ProcessFigures.SampleColdStartsAsync(runs, config => ExitOnceAsync(binary, "run", config));
            rows.Add(new Row(name, Median(serve.Select(s => s.Ms)), Median(serve.Select(s => s.RssMb)), Median(validate), Median(run), new FileInfo(binary).Length / 1024.0 / 1024.0));
        }

        var reference = await PublishMinimalHostAsync();
        var minimal = await ProcessFigures.SampleColdStartsAsync(runs, _ => MinimalHostOnceAsync(reference));
        rows.Add(new Row("ASP.NET Core minimal host, Native AOT (reference)", Median(minimal.Select(s => s.Ms)), Median(minimal.Select(s => s.RssMb)), double.NaN, double.NaN, new FileInfo(reference).Length / 1024.0 / 1024.0));

        Console.WriteLine($"native-vs-r2r: median of {runs} runs each ({Environment.ProcessorCount} cores), one tcp check on loopback");
        Console.WriteLine("| build | serve: start -> first /api/diagnose answered | RSS after it | validate: start -> exit | one-check run: start -> exit | executable |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Build} | {row.ServeMs:F0} ms | {row.ServeRssMb:F0} MB | {Ms(row.ValidateMs)} | {Ms(row.RunMs)} | {row.SizeMb:F0} MB |"));
        }

        return 0;
    }

    private static string Ms(double value) => double.IsNaN(value) ? "-" : string.Create(CultureInfo.InvariantCulture, $"{value:F0} ms");

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>One of the command line's builds, from scripts/publish-cli.sh, which prints the executable's path last.</summary>
    private static async Task<string> PublishAsync(string mode)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "publish-cli.sh");
        var output = await RunToolAsync($"publish-cli.sh --mode {mode}", "bash", script, "--mode", mode, "--cached");
        var path = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return path is not null && File.Exists(path) ? path : throw new InvalidOperationException($"publish-cli.sh --mode {mode} named no executable: {output}");
    }

    /// <summary>The reference host's Native AOT build, published into the bench's own output (about a minute the first time).</summary>
    private static async Task<string> PublishMinimalHostAsync()
    {
        var project = Path.Combine(RepositoryRoot(), "bench", "Serverless.Diag.Bench.MinimalHost");
        var output = Path.Combine(AppContext.BaseDirectory, "minimal-host-aot");
        var log = await RunToolAsync("publishing the minimal host", "dotnet", "publish", project, "-c", "Release", "-nologo", "-v", "q", "-p:PublishAot=true", "-p:DebugType=none", "-o", output);
        var binary = Path.Combine(output, OperatingSystem.IsWindows() ? "Serverless.Diag.Bench.MinimalHost.exe" : "Serverless.Diag.Bench.MinimalHost");
        return File.Exists(binary) ? binary : throw new InvalidOperationException($"publishing the minimal host produced no {binary}: {log}");
    }

    /// <summary>
    /// Runs a build tool in the repository root to its end and returns what it wrote to standard output; throws with
    /// that output when it fails. Its standard error is left on the console, where a long build shows its progress.
    /// </summary>
    private static async Task<string> RunToolAsync(string what, string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot() };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{what} failed (exit {process.ExitCode}): {output}");
    }

    /// <summary>The reference host from process start to its first answer, and RSS after it.</summary>
    private static async Task<(double Ms, double RssMb)> MinimalHostOnceAsync(string binary)
    {
        var port = ProcessFigures.FreePort();
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        await using var host = ServeProcess.Start(start, port);
        var (answer, ms) = await host.AskUntilAnsweredAsync("/api/diagnose?env=bench", a => a.IsSuccessStatusCode, "the minimal host did not answer");
        answer.Dispose();
        return (ms, ProcessFigures.RssMb(host.Id));
    }

    private static string RepositoryRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Serverless.Diag.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("repository root not found");
        }

        return root;
    }

    private static ProcessStartInfo Start(string binary, string config, params string[] args)
    {
        var start = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(config)!,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "APPLICATIONINSIGHTS_CONNECTION_STRING", "GITHUB_TOKEN", "GITHUB_ACTIONS", "DIAG_API_KEY", "DIAG_STATE" })
        {
            start.Environment.Remove(name);
        }

        return start;
    }

    /// <summary>Process start to exit of <c>validate</c> or a one-check <c>run</c>, which must succeed.</summary>
    private static async Task<double> ExitOnceAsync(string binary, string command, string config)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(Start(binary, config, command, "--config", config))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var ms = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} exited {process.ExitCode}: {await stdout}{await stderr}");
        }

        return ms;
    }

    /// <summary>serve from process start to the first <c>/api/diagnose</c> answered (asked for until it is), and RSS after.</summary>
    private static async Task<(double Ms, double RssMb)> ServeOnceAsync(string binary, string config)
    {
        var port = ProcessFigures.FreePort();
        var start = Start(binary, config, "serve", "--config", config, "--urls", $"http://127.0.0.1:{port}");
        // The schedule is kept out of the way (once a year): the diagnosis is asked for over HTTP.
        start.Environment["DIAG_SCHEDULE"] = "0 0 0 1 1 *";
        await using var serve = ServeProcess.Start(start, port);
        var (answer, ms) = await serve.AskUntilAnsweredAsync("/api/diagnose?env=bench", _ => true, "serve did not answer /api/diagnose");
        using (answer)
        {
            await ServeProcess.EnsurePassedAsync(answer);
        }

        return (ms, ProcessFigures.RssMb(serve.Id));
    }

    private sealed record Row(string Build, double ServeMs, double ServeRssMb, double ValidateMs, double RunMs, double SizeMb);
}
