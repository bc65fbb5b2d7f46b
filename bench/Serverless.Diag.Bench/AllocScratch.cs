using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;

namespace Serverless.Diag.Bench;

internal static class AllocScratch
{
    public static async Task<int> RunAsync(string[] args)
    {
        const string body = """{"status":"healthy","version":"1.4.2"}""";
        var registry = ProbeCatalog.CreateDefault().Add(new InstantProbeFactory(body));
        var yaml = "version: 1\nchecks:\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"  - name: c{i}\n    type: instant\n    url: http://x\n    expect:\n      - status == 200\n      - latency < 2s\n      - json.status == \"healthy\"\n"));
        var plan = new RunPlanner(registry, _ => null).Plan(new ConfigLoader(registry).Parse(yaml, "a.yaml"), RunFilter.All);
        var runner = new DiagRunner(TimeProvider.System, NullLoggerFactory.Instance, new RunnerOptions { MaxConcurrency = 1 });
        for (var i = 0; i < 50; i++)
        {
            await runner.RunAsync(plan, null, default);
        }

        var check = plan.Environments[0].Checks[0];
        var ctx = new ProbeContext { Environment = "e", CheckName = "c", Timeout = TimeSpan.FromSeconds(10), TimeProvider = TimeProvider.System, Logger = NullLogger.Instance, Secrets = plan.Secrets, Assertions = check.Assertions };
        long Measure(Action a)
        {
            for (var i = 0; i < 100; i++) { a(); }
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++) { a(); }
            return (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        }

        ProbeResult Probe() => check.Probe!.RunAsync(ctx, default).Result;
        Console.WriteLine($"probe result: {Measure(() => Probe())} B");
        Console.WriteLine($"probe + 3 assertions: {Measure(() => { var r = Probe(); foreach (var a in check.Assertions) { AssertionEvaluator.Evaluate(a, r.Measurements); } })} B");
        foreach (var a in check.Assertions)
        {
            Console.WriteLine($"  {a.Path}: {Measure(() => AssertionEvaluator.Evaluate(a, Probe().Measurements)) - Measure(() => Probe())} B");
        }

        var bodyBytes = System.Text.Encoding.UTF8.GetBytes(body);
        Console.WriteLine($"  resolver+parse+resolve: {Measure(() => new Serverless.Diag.Probes.Http.JsonPathResolver("json", bodyBytes, null).Resolve("json.status"))} B");
        Console.WriteLine($"  ParseValue alone: {Measure(() => { var rd = new System.Text.Json.Utf8JsonReader(bodyBytes); System.Text.Json.JsonElement.ParseValue(ref rd); })} B");
        var m0 = Probe().Measurements;
        m0.Lookup("json.status");
        Console.WriteLine($"  evaluate with parsed doc: {Measure(() => AssertionEvaluator.Evaluate(check.Assertions[2], m0))} B");
        var r0 = Probe();
        var results = check.Assertions.Select(a => AssertionEvaluator.Evaluate(a, r0.Measurements)).ToList();
        Console.WriteLine($"CheckReports.From: {Measure(() => CheckReports.From(check, CheckStatus.Pass, r0, results, TimeSpan.FromMilliseconds(1), 1, plan.Secrets))} B");
        var before = GC.GetTotalAllocatedBytes(true);
        await runner.RunAsync(plan, null, default);
        Console.WriteLine($"whole run per check: {(GC.GetTotalAllocatedBytes(true) - before) / 1000} B");
        return 0;
    }
}
