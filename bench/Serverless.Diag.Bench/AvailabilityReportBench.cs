using System.Diagnostics;
using System.Globalization;
using System.Text;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Reporting;
using Serverless.Diag.Sinks.Availability;
using Serverless.Diag.Sinks.StatusPage;
using Serverless.Diag.State;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Bench;

/// <summary>
/// <c>availability-report [checks] [days]</c>: the availability arithmetic and the status page over history already in
/// memory (default 100 checks x 30 days, one run every 5 minutes, an outage of 20 minutes a day each): wall time and
/// bytes allocated for the report (Markdown) and the page, median of five rounds. The store's read is not included
/// (see <c>state-store</c> for its cost).
/// </summary>
public static class AvailabilityReportBench
{
    private const int Rounds = 5;

    public static Task<int> RunAsync(string[] args)
    {
        var checks = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        var days = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var to = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var from = to.AddDays(-days);
        var yaml = new StringBuilder("version: 1\nenvironments:\n  prod: {}\nchecks:\n");
        for (var i = 0; i < checks; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: check-{i}\n    type: tcp\n    host: 127.0.0.1\n    port: 1\n");
        }

        var config = new ConfigLoader(ProbeCatalog.CreateDefault()).Parse(yaml.ToString(), "bench.yaml");
        var runs = Generate(checks, from, to);
        Console.WriteLine($"{checks} checks x {days} days: {runs.Values.Sum(r => r.Count):N0} history rows");
        Console.WriteLine("round  report ms  report MB alloc  page ms  page MB alloc");
        var reportTimes = new List<double>();
        var pageTimes = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var report = new AvailabilityReport(from, to, "memory", [AvailabilityReports.ForEnvironment(config, "prod", runs, from, to)]);
            _ = AvailabilityMarkdownWriter.ToMarkdown(report);
            var reportMs = clock.Elapsed.TotalMilliseconds;
            var reportBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;

            allocated = GC.GetAllocatedBytesForCurrentThread();
            clock.Restart();
            var pageHistory = new AvailabilityReport(StatusPageRenderer.FirstDay(to), to, "memory", [AvailabilityReports.ForEnvironment(config, "prod", runs, StatusPageRenderer.FirstDay(to), to)]);
            _ = StatusPageRenderer.Render(new StatusPageModel("Bench", to, pageHistory, [], []));
            var pageMs = clock.Elapsed.TotalMilliseconds;
            var pageBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            reportTimes.Add(reportMs);
            pageTimes.Add(pageMs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{round + 1,5}  {reportMs,9:0.0}  {reportBytes / 1e6,15:0.0}  {pageMs,7:0.0}  {pageBytes / 1e6,13:0.0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median: report {Median(reportTimes):0.0} ms, status page {Median(pageTimes):0.0} ms"));
        return Task.FromResult(0);
    }

    private static Dictionary<string, IReadOnlyList<HistoryEntry>> Generate(int checks, DateTimeOffset from, DateTimeOffset to)
    {
        var runs = new Dictionary<string, IReadOnlyList<HistoryEntry>>(StringComparer.Ordinal);
        for (var i = 0; i < checks; i++)
        {
            var rows = new List<HistoryEntry>();
            for (var t = from; t < to; t = t.AddMinutes(5))
            {
                // 20 minutes down every day, at a different hour per check.
                var down = t.TimeOfDay >= TimeSpan.FromHours(i % 24) && t.TimeOfDay < TimeSpan.FromHours(i % 24) + TimeSpan.FromMinutes(20);
                rows.Add(new HistoryEntry
                {
                    Environment = "prod",
                    Check = $"check-{i}",
                    Time = t,
                    RunId = t.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture),
                    Status = down ? CheckStatus.Fail : CheckStatus.Pass,
                    Measurements = new Dictionary<string, double> { ["latency"] = 20 + (t.Minute % 7) },
                });
            }

            runs[$"check-{i}"] = rows;
        }

        return runs;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
