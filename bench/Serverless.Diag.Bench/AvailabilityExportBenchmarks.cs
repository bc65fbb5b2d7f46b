using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.ApplicationInsights;
using Serverless.Diag.Reporting;
using Serverless.Diag.TestKit.ApplicationInsights;

namespace Serverless.Diag.Bench;

/// <summary>
/// BenchmarkDotNet: the availability export of one run (map, JSON, POST to a local ingestion server), per check
/// (OperationsPerInvoke = checks), with allocations (MemoryDiagnoser). In process: the ingestion server lives in this
/// process too and drains bodies into a pooled buffer, so its share of the allocations stays small.
/// Usage: availability-export-bdn [BenchmarkDotNet arguments, e.g. --filter *]
/// </summary>
[MemoryDiagnoser]
public class AvailabilityExportBenchmarks
{
    private IngestionServer _ingestion = null!;
    private AvailabilityExporter _exporter = null!;
    private RunReport _report = null!;

    [Params(1, 20, 1000)]
    public int Checks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ingestion = IngestionServer.StartAsync().GetAwaiter().GetResult();
        _ingestion.Record = false;
        var settings = ConnectionSettings.Parse(_ingestion.ConnectionString, null, out _)!;
        _exporter = new AvailabilityExporter(settings, new AvailabilityExportOptions { RunLocation = "bench" }, TimeProvider.System, NullLogger.Instance, _ => null);
        _report = AvailabilityExportBench.Report(Checks);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_exporter.LostTotal != 0)
        {
            throw new InvalidOperationException($"{_exporter.LostTotal} results were not accepted: the figures would be of a failing export");
        }

        _ingestion.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>One run's export of <see cref="Checks"/> results; <see cref="Run"/> prints the figures per check.</summary>
    [Benchmark]
    public Task<AvailabilityExportOutcome> ExportRun() => _exporter.PublishAsync(_report, CancellationToken.None);

    public static int Run(string[] args)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summaries = BenchmarkSwitcher.FromTypes([typeof(AvailabilityExportBenchmarks)]).Run(args.Length == 0 ? ["--filter", "*"] : args, config).ToList();

        // OperationsPerInvoke cannot follow a parameter: divide by the results one invoke carries.
        Console.WriteLine("availability export per check (BenchmarkDotNet, in process, local ingestion server):");
        foreach (var report in summaries.SelectMany(s => s.Reports).Where(r => r.Success && r.ResultStatistics is not null))
        {
            var checks = (int)report.BenchmarkCase.Parameters["Checks"];
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            Console.WriteLine(FormattableString.Invariant($"  {checks,5} checks per run: {report.ResultStatistics!.Mean / 1000 / checks,8:F2} µs/check (mean), {report.ResultStatistics.Median / 1000 / checks,8:F2} µs/check (median), {(double)bytes / checks,8:F0} B/check allocated"));
        }

        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
