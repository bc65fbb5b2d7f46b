using Serverless.Diag.Bench;
using Serverless.Diag.Bench.HttpLoad;
using Serverless.Diag.Bench.Functions;

// Side-by-side benchmark modes: `dotnet run -c Release --project bench/Serverless.Diag.Bench -- <mode> [options]`.
// One class per mode; add a line here for a new one.
var modes = new Dictionary<string, (string Description, Func<string[], Task<int>> Run)>(StringComparer.Ordinal)
{
    ["http-engine"] = ("1,000 http checks through the engine vs a plain HttpClient loop, concurrency 32", HttpEngineBench.RunAsync),
    ["load-target"] = ("a local target for bench/load-vs-wrk.sh", LoadTargetMode.RunAsync),
    ["http-load"] = ("drive the http-load probe (used by bench/load-vs-wrk.sh)", HttpLoadMode.RunAsync),
    ["data-checks"] = ("median wall time of one postgres and one redis check on loopback, connections left open", DataChecksBench.RunAsync),
    ["config-scaling"] = ("validate time for generated configs of N, 2N and 4N checks and vars (linear: ratio near 2)", ConfigScalingBench.RunAsync),
    ["availability-export"] = ("Application Insights availability export per check (µs, bytes) against a local ingestion server", AvailabilityExportBench.RunAsync),
    ["availability-report"] = ("report and status page over 100 checks x 30 days of history in memory: ms and bytes allocated", AvailabilityReportBench.RunAsync),
    ["state-store"] = ("state store cost per run of 1,000 checks: requests to Azurite and to a local directory, wall time added", StateStoreBench.RunAsync),
    ["diagnose-concurrency"] = ("/api/diagnose under 50 parallel heavy calls (distinct environments, large bodies): RSS and heap before, peak, after", DiagnoseConcurrencyBench.RunAsync),
    ["availability-export-bdn"] = ("the same per check with BenchmarkDotNet (in process, MemoryDiagnoser)", a => Task.FromResult(AvailabilityExportBenchmarks.Run(a))),
    ["functions-cold-start"] = ("isolated worker via the emulated host: start to initialised, loaded, first ScheduledDiagnosis; RSS", FunctionsColdStartMode.RunAsync),
    ["serve-cold-start"] = ("`serve`: process start to listening and to the first diagnosis answered; RSS", ServeColdStartMode.RunAsync),
    ["native-vs-r2r"] = ("Native AOT vs ReadyToRun command line: serve to first /api/diagnose + RSS, validate and run start to exit, sizes", NativeVsReadyToRunMode.RunAsync),
};

if (args.Length == 0 || !modes.TryGetValue(args[0], out var mode))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Serverless.Diag.Bench -- <mode> [options]");
    foreach (var (name, (description, _)) in modes)
    {
        Console.Error.WriteLine($"  {name,-16} {description}");
    }

    return 2;
}

return await mode.Run(args[1..]);
