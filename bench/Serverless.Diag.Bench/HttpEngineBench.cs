using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Probes;
using Serverless.Diag.Running;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.Bench;

/// <summary>
/// Issue 2's benchmark: N <c>http</c> checks (status, latency and a json path asserted) through the engine —
/// the DiagRunner at concurrency 32 with assertions and reports — against a local Kestrel target, side by
/// side with the same N requests as a plain HttpClient loop at the same concurrency. Rounds alternate so both
/// see the same machine load; medians of wall time, CPU time (kernel part) and allocations are printed, and the
/// ratio is the median of each round's engine/plain ratio (a pair ran back to back, so drifts in machine speed
/// cancel). Two more lines locate the cost: the probes without the runner, and the runner with a probe that
/// answers at once (runner, assertions and reports only).
/// Options: --checks N (1000), --concurrency C (32), --rounds R (41), --warmup W (60 unrecorded rounds: tiered JIT takes seconds to settle).
/// </summary>
internal static class HttpEngineBench
{
    private const string Body = """{"status":"healthy","version":"1.4.2"}""";

    public static async Task<int> RunAsync(string[] args)
    {
        var checks = Option(args, "--checks", 1000);
        var concurrency = Option(args, "--concurrency", 32);
        var rounds = Option(args, "--rounds", 41);
        var warmup = Option(args, "--warmup", 60);
        // --only engine|instant|probes|plain|planning: run one path alone (planning: only the planning rounds); --plan-once: no planning between rounds (both for a profiler).
        var only = Array.IndexOf(args, "--only") is var at && at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var planOnce = args.Contains("--plan-once");

        await using var target = await KestrelTarget.StartAsync(app => app.MapStatus("/health", 200, Body, "application/json"));
        var url = target.Url("/health");

        var registry = ProbeCatalog.CreateDefault().Add(new InstantProbeFactory(Body));
        var config = new ConfigLoader(registry).Parse(Config(url, checks, "http"), "bench.yaml");
        var instantPlan = new RunPlanner(registry, _ => null).Plan(new ConfigLoader(registry).Parse(Config(url, checks, InstantProbeFactory.TypeName), "instant.yaml"), RunFilter.All);
        var runner = new DiagRunner(TimeProvider.System, NullLoggerFactory.Instance, new RunnerOptions { MaxConcurrency = concurrency });
        using var client = new HttpClient();

        RunPlan Plan() => new RunPlanner(registry, _ => null).Plan(config, RunFilter.All);

        async Task Engine(RunPlan plan)
        {
            var report = await runner.RunAsync(plan, progress: null, CancellationToken.None);
            if (report.Summary.Pass != checks)
            {
                throw new InvalidOperationException($"engine: expected {checks} passing checks, got {report.Summary}");
            }
        }

        async Task Probes(RunPlan plan)
        {
            // The probes alone, without the runner: where the overhead lives.
            await Parallel.ForEachAsync(plan.Environments.SelectMany(e => e.Checks), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (check, ct) =>
            {
                var context = new ProbeContext
                {
                    Environment = check.Environment.Name,
                    CheckName = check.Definition.Name,
                    Timeout = check.Definition.Timeout,
                    TimeProvider = TimeProvider.System,
                    Logger = NullLogger.Instance,
                    Secrets = plan.Secrets,
                    Assertions = check.Assertions,
                };
                var result = await check.Probe!.RunAsync(context, ct);
                if (result.Error is not null)
                {
                    throw new InvalidOperationException(result.Error.ToString());
                }
            });
        }

        async Task Plain()
        {
            var ok = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, checks), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, ct) =>
            {
                using var response = await client.GetAsync(url, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if ((int)response.StatusCode == 200 && body.Length > 0)
                {
                    Interlocked.Increment(ref ok);
                }
            });
            if (ok != checks)
            {
                throw new InvalidOperationException($"plain loop: expected {checks} OK responses, got {ok}");
            }
        }

        var planning = new Sample();
        var engine = new Sample();
        var probes = new Sample();
        var instant = new Sample();
        var plain = new Sample();
        RunPlan? once = null;
        for (var round = -warmup; round < rounds; round++)
        {
            // Warm-up rounds are not recorded: tiered JIT needs seconds of steady load before the hot paths reach tier 1.
            var record = round >= 0;
            var plan = once ??= planOnce ? Plan() : null;
            plan ??= await Measure(record ? planning : null, () => Task.FromResult(Plan()));
            if (only is null or "engine")
            {
                await Measure(record ? engine : null, () => Engine(plan));
            }

            if (only is null or "instant")
            {
                await Measure(record ? instant : null, () => Engine(instantPlan));
            }

            if (only is null or "probes")
            {
                await Measure(record ? probes : null, () => Probes(plan));
            }

            if (only is null or "plain")
            {
                await Measure(record ? plain : null, Plain);
            }
        }

        var invariant = CultureInfo.InvariantCulture;
        if (only is not null)
        {
            Console.WriteLine($"--only {only}: done; median wall ms engine {engine.Wall:0.0} instant {instant.Wall:0.0} (cpu {instant.Cpu:0.0}, {instant.Allocated / 1024.0 / checks:0.0} KB/check) probes {probes.Wall:0.0} plain {plain.Wall:0.0}");
            return 0;
        }

        Console.WriteLine(string.Create(invariant, $"http-engine: {checks} checks, concurrency {concurrency}, median of {rounds} alternating rounds, {Environment.ProcessorCount} cores, target {url}"));
        Console.WriteLine("                                                 wall ms    cpu ms  (kernel)  alloc KB/check  GCs/round gen0/1/2");
        Print("planning (config -> plan, not timed below)", planning);
        Print("engine: DiagRunner + probes + assertions", engine);
        Print("probes alone (no runner)", probes);
        Print("engine with an instant probe (no network)", instant);
        Print("plain HttpClient loop", plain);
        var ratio = engine.PairedRatio(plain);
        Console.WriteLine(string.Create(invariant, $"ratio engine/plain: wall {ratio:0.00}x (median of the rounds' ratios), cpu {engine.Cpu / plain.Cpu:0.00}x (goal <= 1.30x wall) -> {(ratio <= 1.3 ? "OK" : "OVER GOAL")}"));
        Console.WriteLine(string.Create(invariant, $"ratio engine incl. planning/plain: wall {(engine.Wall + planning.Wall) / plain.Wall:0.00}x; probes alone/plain: wall {probes.PairedRatio(plain):0.00}x"));
        return 0;

        void Print(string label, Sample sample) =>
            Console.WriteLine(string.Create(invariant, $"  {label,-42} {sample.Wall,7:0.0}  {sample.Cpu,8:0.0}  {sample.Kernel,8:0.0}  {sample.Allocated / 1024.0 / checks,14:0.0}  {sample.Gcs(0),9:0.00} {sample.Gcs(1):0.00} {sample.Gcs(2):0.00}"));
    }

    private static async Task<T> Measure<T>(Sample? sample, Func<Task<T>> action)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var kernel = process.PrivilegedProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        int[] gcs = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var watch = Stopwatch.StartNew();
        var result = await action();
        process.Refresh();
        sample?.Add(watch.Elapsed, process.TotalProcessorTime - cpu, process.PrivilegedProcessorTime - kernel, GC.GetTotalAllocatedBytes(precise: false) - allocated, [GC.CollectionCount(0) - gcs[0], GC.CollectionCount(1) - gcs[1], GC.CollectionCount(2) - gcs[2]]);
        return result;
    }

    private static Task Measure(Sample? sample, Func<Task> action) => Measure(sample, async () =>
    {
        await action();
        return true;
    });

    private static string Config(string url, int checks, string type)
    {
        var yaml = new StringBuilder("version: 1\ndefaults:\n  timeout: 10s\nchecks:\n");
        for (var i = 0; i < checks; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - name: health-{i:0000}
                    type: {type}
                    url: {url}
                    expect:
                      - status == 200
                      - latency < 2s
                      - json.status == "healthy"

                """);
        }

        return yaml.ToString();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class Sample
    {
        private readonly List<double> _wall = [];
        private readonly List<double> _cpu = [];
        private readonly List<double> _kernel = [];
        private readonly List<double> _allocated = [];
        private readonly List<int[]> _gcs = [];

        public double Wall => Median(_wall);

        /// <summary>The median of this sample's rounds divided by the other's same rounds: each pair ran back to back, so drifts in machine speed cancel.</summary>
        public double PairedRatio(Sample other) => Median([.. _wall.Zip(other._wall, (a, b) => a / b)]);

        public double Cpu => Median(_cpu);

        public double Kernel => Median(_kernel);

        public double Allocated => Median(_allocated);

        /// <summary>Collections of a generation per round, on average: most rounds have none, so a median would hide them.</summary>
        public double Gcs(int generation) => _gcs.Count == 0 ? double.NaN : _gcs.Average(g => g[generation]);

        public void Add(TimeSpan wall, TimeSpan cpu, TimeSpan kernel, long allocated, int[] gcs)
        {
            _kernel.Add(kernel.TotalMilliseconds);
            _allocated.Add(allocated);
            _gcs.Add(gcs);
            _wall.Add(wall.TotalMilliseconds);
            _cpu.Add(cpu.TotalMilliseconds);
        }

        private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);
    }
}
