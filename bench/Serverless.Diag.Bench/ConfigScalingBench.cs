using System.Diagnostics;
using System.Globalization;
using System.Text;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Running;

namespace Serverless.Diag.Bench;

/// <summary>
/// <c>config-scaling [checks]</c>: how long <c>validate</c>'s path (load, then plan every environment) takes for a
/// generated config of N, 2N and 4N checks (five lines each) and as many vars, median of five runs each. Linear
/// validation shows as a ratio near 2 between consecutive sizes.
/// </summary>
public static class ConfigScalingBench
{
    private const int Runs = 5;

    public static Task<int> RunAsync(string[] args)
    {
        var checks = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 12_500;
        var registry = ProbeCatalog.CreateDefault();
        double? previous = null;
        Console.WriteLine("checks    vars      lines     load ms   plan ms   total ms  ratio");
        foreach (var size in new[] { checks, checks * 2, checks * 4 })
        {
            var yaml = Config(size, size);
            var lines = yaml.Count(c => c == '\n');
            var loads = new List<double>();
            var plans = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                var clock = Stopwatch.StartNew();
                var config = new ConfigLoader(registry).Parse(yaml, "bench.yaml");
                loads.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                new RunPlanner(registry, _ => null).Plan(config, RunFilter.All, PlanMode.ValidateWithoutSecrets);
                plans.Add(clock.Elapsed.TotalMilliseconds);
            }

            var load = Median(loads);
            var plan = Median(plans);
            var ratio = previous is { } p ? ((load + plan) / p).ToString("0.00", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,-9} {size,-9} {lines,-9} {load,-9:0} {plan,-9:0} {load + plan,-9:0} {ratio}"));
            previous = load + plan;
        }

        return Task.FromResult(0);
    }

    /// <summary>Vars, two environments, and checks that each use a var, carry a tag and depend on the one before.</summary>
    public static string Config(int checks, int vars)
    {
        var text = new StringBuilder("version: 1\nvars:\n");
        for (var i = 0; i < vars; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  host{i}: host{i}.internal\n");
        }

        text.Append("environments:\n  staging: {}\n  production:\n    vars: { host0: prod.internal }\nchecks:\n");
        for (var i = 0; i < checks; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - name: check{i}\n    type: tcp\n    host: ${{host{i % vars}}}\n    port: {1 + (i % 65535)}\n");
            text.Append(i == 0 ? "    tags: [first]\n" : $"    depends_on: [check{i - 1}]\n");
        }

        return text.ToString();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
