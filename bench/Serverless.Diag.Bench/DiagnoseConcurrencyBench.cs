using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Hosting;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Hosting.Http;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.Bench;

/// <summary>
/// <c>diagnose-concurrency [calls] [checks] [body KB] [max parallel runs]</c>: the on-demand endpoint (the handler the Functions worker and
/// <c>serve</c> share) under <c>calls</c> parallel heavy POSTs, each for an environment of its own (so no two share a
/// run), each running <c>checks</c> http checks that read a large body from a local target and search it (so it is kept), with a request body near
/// the 8 KB cap. Reports the process's RSS and managed heap before, at the peak (sampled every 10 ms) and after, and how
/// the calls were answered.
/// </summary>
public static class DiagnoseConcurrencyBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is [TargetFlag, var size])
        {
            return await ServeTargetAsync(int.Parse(size, CultureInfo.InvariantCulture));
        }

        var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        var checks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var bodyKb = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1024;
        var parallelRuns = args.Length > 3 ? args[3] : null;

        // The target runs in a process of its own, so the figures are the endpoint's memory, not the target's buffers.
        using var target = StartTargetProcess(bodyKb, out var targetUrl);
        var directory = Directory.CreateTempSubdirectory("diag-bench-").FullName;
        try
        {
            var configPath = Path.Combine(directory, "diag.yaml");
            await File.WriteAllTextAsync(configPath, Config(calls, checks, targetUrl));
            await using var app = await StartEndpointAsync(configPath, parallelRuns);
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(10) };

            // One warm call, so the figures are about concurrency rather than JIT and first connections.
            (await client.PostAsync("/api/diagnose", Body(0, checks))).Dispose();
            Collect();
            var before = Sample();

            using var sampling = new CancellationTokenSource();
            var peak = SamplePeakAsync(sampling.Token);
            var clock = Stopwatch.StartNew();
            var answers = await Task.WhenAll(Enumerable.Range(0, calls).Select(async i =>
            {
                using var response = await client.PostAsync("/api/diagnose", Body(i, checks));
                return (response.StatusCode, response.Headers.TryGetValues(DiagnoseHttpHandler.StatusHeader, out var s) ? s.First() : "-");
            }));
            var elapsed = clock.Elapsed;
            await sampling.CancelAsync();
            var top = await peak;
            Collect();
            var after = Sample();

            var runs = app.Services.GetRequiredService<DiagnosisSettings>().MaxParallelRuns;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{calls} parallel POST /api/diagnose, each {checks} http checks reading {bodyKb} KB, request body {Body(0, checks).Headers.ContentLength} B, {Environment.ProcessorCount} cores, DIAG_MAX_PARALLEL_RUNS {runs}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"answers: {string.Join(", ", answers.GroupBy(a => $"{(int)a.StatusCode} {a.Item2}").Select(g => $"{g.Count()}x {g.Key}"))} in {elapsed.TotalSeconds:0.0} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS MB:         before {before.Rss,7:0.0}  peak {top.Rss,7:0.0}  after {after.Rss,7:0.0}  (peak growth {top.Rss - before.Rss:0.0} MB, {(top.Rss - before.Rss) / calls:0.00} MB per call)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"managed heap MB: before {before.Heap,7:0.0}  peak {top.Heap,7:0.0}  after {after.Heap,7:0.0}"));
            return answers.All(a => a.StatusCode == HttpStatusCode.OK) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
            target.Kill(entireProcessTree: true);
        }
    }

    private const string TargetFlag = "--serve-target";

    private static Process StartTargetProcess(int bodyKb, out Uri url)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(DiagnoseConcurrencyBench).Assembly.Location);
        }

        foreach (var argument in new[] { "diagnose-concurrency", TargetFlag, bodyKb.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        url = new Uri(process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the target process did not start"));
        return process;
    }

    /// <summary>The child's side: one large page, its address on the first line of stdout, until killed.</summary>
    private static async Task<int> ServeTargetAsync(int bodyKb)
    {
        var payload = new string('x', bodyKb * 1024);
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/big", () => Results.Text(payload)));
        Console.WriteLine(target.BaseAddress);
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private static async Task<WebApplication> StartEndpointAsync(string configPath, string? parallelRuns)
    {
        var environment = new Dictionary<string, string?> { ["DIAG_SCHEDULE"] = "0 0 0 1 1 *", ["DIAG_MAX_PARALLEL_RUNS"] = parallelRuns };
        var settings = DiagnosisSettings.From(n => environment.GetValueOrDefault(n), Path.GetDirectoryName(configPath)!, configPath);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDiagnosis(settings, n => environment.GetValueOrDefault(n));
        var app = builder.Build();
        var handler = app.Services.GetRequiredService<DiagnoseHttpHandler>();
        app.MapMethods(DiagnoseHttpHandler.Route, ["GET", "POST"], handler.InvokeAsync);
        await app.StartAsync();
        return app;
    }

    /// <summary>One environment per call, each with the same checks against the target's large page.</summary>
    private static string Config(int calls, int checks, Uri target)
    {
        var text = new StringBuilder("version: 1\nenvironments:\n");
        for (var i = 0; i < calls; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  e{i}: {{}}\n");
        }

        text.Append("checks:\n");
        for (var c = 0; c < checks; c++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - name: page-{c}-{new string('n', 100)}\n    type: http\n    url: {target}big\n    max_body: 16MB\n    expect: [status == 200, body contains \"xxxx\"]\n");
        }

        return text.ToString();
    }

    /// <summary>The selection written out in full: the environment and every check by its (long) name, near the 8 KB cap.</summary>
    private static ByteArrayContent Body(int call, int checks)
    {
        var names = string.Join(", ", Enumerable.Range(0, checks).Select(c => $"\"page-{c}-{new string('n', 100)}\""));
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"env\": \"e{call}\", \"check\": [{names}]}}"));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static (double Rss, double Heap) Sample()
    {
        using var self = Process.GetCurrentProcess();
        return (self.WorkingSet64 / 1048576.0, GC.GetTotalMemory(false) / 1048576.0);
    }

    private static async Task<(double Rss, double Heap)> SamplePeakAsync(CancellationToken stop)
    {
        var peak = Sample();
        try
        {
            while (true)
            {
                await Task.Delay(10, stop);
                var now = Sample();
                peak = (Math.Max(peak.Rss, now.Rss), Math.Max(peak.Heap, now.Heap));
            }
        }
        catch (OperationCanceledException)
        {
            return peak;
        }
    }
}
