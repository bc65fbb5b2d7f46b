using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.AzureStorage;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Probes;
using Serverless.Diag.Running;
using Serverless.Diag.State;
using Serverless.Diag.State.Local;
using Serverless.Diag.TestKit.Azurite;

namespace Serverless.Diag.Bench;

/// <summary>
/// What the state store costs a run of 1,000 checks: requests to the store (Azurite, then a local directory) and
/// wall time added over the same run without a store, for a first run, a steady run (nothing changed), runs where
/// 100 and 1,000 checks changed, and a run of checks with an interval (their last-run time changes every run).
/// Usage: state-store [CHECKS] [ROUNDS]
/// </summary>
internal static class StateStoreBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var checks = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var probes = new SwitchableProbeFactory();
        var registry = ProbeCatalog.CreateDefault().Add(probes);
        var pipeline = new DiagnosisPipeline(registry, TimeProvider.System, NullLoggerFactory.Instance, _ => null);
        var plain = pipeline.Plan(new ConfigLoader(registry).Parse(Config(checks, interval: false), "bench.yaml"), RunFilter.All, stateConfigured: true);
        var withInterval = pipeline.Plan(new ConfigLoader(registry).Parse(Config(checks, interval: true), "bench-interval.yaml"), RunFilter.All, stateConfigured: true);

        var baseline = new List<double>();
        for (var i = 0; i < rounds + 2; i++)
        {
            var watch = Stopwatch.StartNew();
            await pipeline.RunWithMemoryAsync(plain, null, RunOptions.Stateless, CancellationToken.None);
            if (i >= 2)
            {
                baseline.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine($"state store cost per run, {checks} checks in one environment, median of {rounds} rounds; run without a store: {Median(baseline):0.0} ms");
        Console.WriteLine($"  {"store / run",-48} {"reads",6} {"writes",7} {"deletes",8} {"added ms",9}");

        bool azuriteMet;
        await using (var azurite = await AzuriteServer.StartAsync())
        {
            var connection = azurite.ConnectionString + "TableName=";
            azuriteMet = await MeasureStoreAsync("azurite", () => TableStores.Open(connection + AzuriteFixture.UniqueTableName() + ";"), s => ((TableStateStore)s).Counters, pipeline, plain, withInterval, probes, checks, rounds, baseline);
        }

        var root = Directory.CreateTempSubdirectory("diag-bench-state-").FullName;
        try
        {
            var directoryMet = await MeasureStoreAsync("directory", () => new LocalDirectoryStore(Path.Combine(root, Guid.NewGuid().ToString("N"))), s => ((LocalDirectoryStore)s).Counters, pipeline, plain, withInterval, probes, checks, rounds, baseline);
            return azuriteMet && directoryMet ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<bool> MeasureStoreAsync(
        string name, Func<IStateStore> open, Func<IStateStore, StoreCounters> counters, DiagnosisPipeline pipeline, RunPlan plain, RunPlan withInterval, SwitchableProbeFactory probes, int checks, int rounds, List<double> baseline)
    {
        // Goal: one write per partition per 100 changed states, none for unchanged ones, plus the history batches
        // (one per 100 rows in the table; one file in the directory). Allowed: that, and one bookkeeping write.
        int Batches(int rows) => (rows + 99) / 100;
        var history = Batches(checks);
        var scenarios = new (string Label, RunPlan Plan, int SetupFailing, int SetupRuns, int Failing, int Changed)[]
        {
            ("first run (every state new)", plain, 0, 0, 0, checks),
            ("steady (no state changed)", plain, 0, 3, 0, 0),
            ("100 checks changed (pass -> fail)", plain, 0, 3, 100, 100),
            ($"{checks} checks changed (fail -> pass)", plain, checks, 2, 0, checks),
            ("interval checks (last run time changes)", withInterval, 0, 3, 0, checks),
        };

        var met = true;
        foreach (var (label, plan, setupFailing, setupRuns, failing, changed) in scenarios)
        {
            var added = new List<double>();
            StoreCounters? last = null;
            for (var round = 0; round < rounds; round++)
            {
                // Each round on a fresh store brought to the scenario's starting point.
                var store = open();
                var options = new RunOptions { State = store };
                probes.FailFirst(setupFailing);
                for (var run = 0; run < setupRuns; run++)
                {
                    await pipeline.RunWithMemoryAsync(plan, null, options, CancellationToken.None);
                }

                probes.FailFirst(failing);
                var start = Snapshot(counters(store));
                var watch = Stopwatch.StartNew();
                await pipeline.RunWithMemoryAsync(plan, null, options, CancellationToken.None);
                added.Add(watch.Elapsed.TotalMilliseconds - Median(baseline));
                last = Minus(counters(store), start);
            }

            // The first run also creates the table (once per store, not per run).
            var allowed = (name == "directory" ? (changed > 0 ? 1 : 0) + 1 : Batches(changed) + history) + 1 + (setupRuns == 0 && name != "directory" ? 1 : 0);
            var ok = last!.Writes <= allowed;
            met &= ok;
            Console.WriteLine($"  {name + ": " + label,-48} {last.Reads,6} {last.Writes,7} {last.Deletes,8} {Median(added),9:0.0}   goal <= {allowed} writes{(ok ? string.Empty : "  OVER THE GOAL")}");
        }

        return met;
    }

    private static StoreCounters Snapshot(StoreCounters c) => new() { Reads = c.Reads, Writes = c.Writes, Deletes = c.Deletes };

    private static StoreCounters Minus(StoreCounters a, StoreCounters b) => new() { Reads = a.Reads - b.Reads, Writes = a.Writes - b.Writes, Deletes = a.Deletes - b.Deletes };

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static string Config(int checks, bool interval)
    {
        var text = new StringBuilder("version: 1\nchecks:\n");
        for (var i = 0; i < checks; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - {{ name: c{i:0000}, type: {SwitchableProbeFactory.TypeName}, url: c{i:0000}, expect: [status == 200]{(interval ? ", interval: 1m" : string.Empty)} }}\n");
        }

        return text.ToString();
    }

    /// <summary>Answers at once; the first N checks (by name) fail, the rest pass.</summary>
    private sealed class SwitchableProbeFactory : IProbeFactory
    {
        public const string TypeName = "switchable";

        private int _failing;

        public string Type => TypeName;

        public IReadOnlyCollection<string> SettingKeys { get; } = ["url"];

        public MeasurementVocabulary Vocabulary { get; } = new("status", "latency");

        public void FailFirst(int count) => Volatile.Write(ref _failing, count);

        public IProbe? Create(CheckSettings settings) =>
            new Probe(this, int.Parse(settings.String("url")![1..], CultureInfo.InvariantCulture));

        private sealed class Probe(SwitchableProbeFactory owner, int index) : IProbe
        {
            public Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
            {
                var result = new ProbeResult();
                result.Measurements.Set("status", index < Volatile.Read(ref owner._failing) ? 500 : 200);
                result.Measurements.Set("latency", TimeSpan.FromMilliseconds(1));
                return Task.FromResult(result);
            }
        }
    }
}
