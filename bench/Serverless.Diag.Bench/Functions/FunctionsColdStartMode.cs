using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Serverless.Diag.Bench.Functions;

/// <summary>
/// Cold start of the packaged custom handler (infra/package.sh: self-contained, ReadyToRun), started the way
/// the Functions host starts it: process start -> first answered GET / (the host's readiness probe), -> first
/// completed /ScheduledDiagnosis with one cheap check (tcp to a loopback listener), and the RSS at both points.
/// Usage: functions-cold-start [APP_DIR=artifacts/functionapp] [RUNS=15]
/// </summary>
internal static class FunctionsColdStartMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var app = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine("artifacts", "functionapp"));
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        var executable = Path.Combine(app, "bin", "Serverless.Diag.Functions");
        if (!File.Exists(executable))
        {
            Console.Error.WriteLine($"no packaged handler at {executable}; run infra/package.sh first");
            return 2;
        }

        using var target = new TcpListener(IPAddress.Loopback, 0);
        target.Start();
        _ = AcceptForeverAsync(target);
        var config = Path.Combine(Path.GetTempPath(), $"diag-bench-{Environment.ProcessId}.yaml");
        await File.WriteAllTextAsync(config, $$"""
            version: 1
            environments:
              bench: {}
            checks:
              - name: port-open
                type: tcp
                host: 127.0.0.1
                port: {{((IPEndPoint)target.LocalEndpoint).Port}}
                expect:
                  - connected == true
            """);

        var samples = new List<Sample>();
        try
        {
            for (var i = 0; i < runs + 1; i++)
            {
                var sample = await MeasureOnceAsync(executable, app, config);
                if (i > 0)
                {
                    // The first start warms the page cache, as a host would have after the package is mounted.
                    samples.Add(sample);
                }
            }
        }
        finally
        {
            File.Delete(config);
        }

        Console.WriteLine($"functions-cold-start: {runs} runs of {executable}");
        Report("process start -> GET / answered (ms)", samples.Select(s => s.ReadyMs));
        Report("process start -> first ScheduledDiagnosis done (ms)", samples.Select(s => s.FirstRunMs));
        Report("CPU time (user+sys) until GET / answered (ms)", samples.Select(s => s.ReadyCpuMs));
        Report("CPU time (user+sys) until first run done (ms)", samples.Select(s => s.RunCpuMs));
        Report("RSS when ready (MB)", samples.Select(s => s.ReadyRssMb));
        Report("RSS after first run (MB)", samples.Select(s => s.RunRssMb));
        return 0;
    }

    private static async Task<Sample> MeasureOnceAsync(string executable, string app, string config)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = app,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["DIAG_CONFIG"] = config;
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                try
                {
                    using var ready = await client.GetAsync("/");
                    if (ready.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(2);
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(60) || process.HasExited)
                {
                    throw new InvalidOperationException("the handler did not become ready");
                }
            }

            var readyMs = clock.Elapsed.TotalMilliseconds;
            var readyRss = RssMb(process.Id);
            var readyCpu = CpuMs(process.Id);
            using var run = await client.PostAsync("/ScheduledDiagnosis", new StringContent("""{"Data":{"timer":{"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{}}""", Encoding.UTF8, "application/json"));
            var body = await run.Content.ReadAsStringAsync();
            var runMs = clock.Elapsed.TotalMilliseconds;
            if (!run.IsSuccessStatusCode || !body.Contains("pass: 1 check(s)", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the timer run did not pass: {(int)run.StatusCode} {body}");
            }

            return new Sample(readyMs, runMs, readyRss, RssMb(process.Id), readyCpu, CpuMs(process.Id));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static double RssMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return kb / 1024;
            }
        }

        return double.NaN;
    }

    // /proc/PID/stat fields 14 and 15 (utime, stime) in clock ticks of 10 ms (USER_HZ = 100 on Linux).
    private static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static void Report(string what, IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var median = sorted[sorted.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-52} median {median,7:F1}  min {sorted[0],7:F1}  max {sorted[^1],7:F1}"));
    }

    private static async Task AcceptForeverAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync();
            }
        }
        catch (ObjectDisposedException)
        {
            // Benchmark over.
        }
        catch (SocketException)
        {
            // Benchmark over.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Wall time suffers when the machine is shared; CPU time (user + system) of the handler does much less.
    private sealed record Sample(double ReadyMs, double FirstRunMs, double ReadyRssMb, double RunRssMb, double ReadyCpuMs, double RunCpuMs);
}
