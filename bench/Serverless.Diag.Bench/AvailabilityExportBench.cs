using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.ApplicationInsights;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.TestKit.ApplicationInsights;

namespace Serverless.Diag.Bench;

/// <summary>
/// What recording a run in Application Insights costs per check: the availability export of a 1,000-check run
/// (mapping, JSON, the POST to a local ingestion server) in µs and bytes allocated per check, and the
/// mapping and JSON alone. Usage: availability-export [CHECKS] [ROUNDS]
/// </summary>
internal static class AvailabilityExportBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var checks = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30;
        await using var ingestion = await IngestionServer.StartAsync();
        ingestion.Record = false;
        var settings = ConnectionSettings.Parse(ingestion.ConnectionString, null, out _)!;
        var exporter = new AvailabilityExporter(settings, new AvailabilityExportOptions { RunLocation = "bench" }, TimeProvider.System, NullLogger.Instance, _ => null);
        var report = Report(checks);

        // Warm-up: JIT, the connection, the JSON metadata.
        for (var i = 0; i < 5; i++)
        {
            await exporter.PublishAsync(report, CancellationToken.None);
        }

        var exportMicros = new List<double>();
        var exportBytes = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var (micros, bytes) = await MeasureAsync(() => exporter.PublishAsync(report, CancellationToken.None));
            exportMicros.Add(micros / checks);
            exportBytes.Add(bytes / checks);
        }

        var context = new EnvelopeContext("ikey", "bench", "serverless-diag", "bench", "serverless-diag:bench");
        var mapMicros = new List<double>();
        var mapBytes = new List<double>();
        for (var i = 0; i < rounds + 5; i++)
        {
            var (micros, bytes) = await MeasureAsync(() =>
            {
                var envelopes = report.AllChecks.Select(c => AvailabilityMapper.Map(c, report.StartedAt, context)).ToList();
                AvailabilityExporter.Serialize(envelopes);
                return Task.FromResult(envelopes.Count);
            });
            if (i >= 5)
            {
                mapMicros.Add(micros / checks);
                mapBytes.Add(bytes / checks);
            }
        }

        var expected = (long)checks * (rounds + 5);
        Console.WriteLine($"availability export, {checks} checks per run, {rounds} rounds, local ingestion server (items counted {ingestion.ItemsCounted} of {expected})");
        Console.WriteLine($"  export (map + JSON + POST):  median {Median(exportMicros):0.00} µs/check, {Median(exportBytes):0} B/check allocated (min {exportMicros.Min():0.00} µs)");
        Console.WriteLine($"  map + JSON only:            median {Median(mapMicros):0.00} µs/check, {Median(mapBytes):0} B/check allocated");
        Console.WriteLine($"  lost: {exporter.LostTotal}");
        return ingestion.ItemsCounted == expected && exporter.LostTotal == 0 ? 0 : 1;
    }

    private static async Task<(double Micros, double Bytes)> MeasureAsync<T>(Func<Task<T>> action)
    {
        // Precise total across threads: the POST continues on thread-pool threads. The in-process server's share is
        // kept small by Record = false (it drains into a pooled buffer).
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        await action();
        var elapsed = Stopwatch.GetElapsedTime(started);
        var after = GC.GetTotalAllocatedBytes(precise: true);
        return (elapsed.TotalMicroseconds, after - before);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>A run as an http-heavy config produces: 5 measurements per check, one in ten failing.</summary>
    internal static RunReport Report(int count)
    {
        var checks = new List<CheckReport>(count);
        for (var i = 0; i < count; i++)
        {
            var failing = i % 10 == 0;
            checks.Add(new CheckReport
            {
                Name = $"api-{i}",
                Type = "http",
                Environment = "production",
                Status = failing ? CheckStatus.Fail : CheckStatus.Pass,
                Severity = Severity.P2,
                DurationMs = 12.5 + i % 7,
                Attempts = 1,
                Trace = TraceContext.CreateRandom(),
                Measurements = new Dictionary<string, object?> { ["status"] = failing ? 503d : 200d, ["latency"] = 12.5, ["ttfb"] = 10.1, ["size"] = 512d, ["tls"] = 1.2 },
                Assertions = failing ? [new AssertionResult("status == 200", false, "503", AssertionLevel.Fail)] : [],
            });
        }

        return new RunReport
        {
            Version = "bench",
            StartedAt = TimeProvider.System.GetUtcNow(),
            DurationMs = 1000,
            Status = RunStatus.Fail,
            Environments = [new EnvironmentReport("production", RunStatus.Fail, checks)],
            Summary = RunSummary.Of(checks),
        };
    }
}
