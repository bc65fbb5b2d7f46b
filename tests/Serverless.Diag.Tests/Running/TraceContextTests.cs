using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Probes;
using Serverless.Diag.Running;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.Running;

public class TraceContextTests
{
    [Fact]
    public async Task Each_check_has_one_trace_context_for_all_its_attempts_and_the_report_carries_it_and_trace_false_has_none()
    {
        var seen = new ConcurrentDictionary<string, List<TraceContext?>>();
        var scripted = new ScriptedProbeFactory();
        foreach (var name in new[] { "traced", "other", "untraced" })
        {
            scripted.On(name, (context, _) =>
            {
                seen.GetOrAdd(name, _ => []).Add(context.Trace);
                var result = new ProbeResult();
                result.Measurements.Set("status", 500d);
                return Task.FromResult(result);
            });
        }

        var plan = TestConfigs.Plan("""
            version: 1
            defaults:
              retries: 2
              retry_delay: 1ms
            checks:
              - { name: traced, type: scripted, expect: [status == 200] }
              - { name: other, type: scripted, expect: [status == 200] }
              - { name: untraced, type: scripted, trace: false, expect: [status == 200] }
            """, scripted);

        var report = await new DiagRunner(TimeProvider.System, NullLoggerFactory.Instance).RunAsync(plan, null, CancellationToken.None);

        var checks = report.AllChecks.ToDictionary(c => c.Name);
        Assert.Equal(3, seen["traced"].Count);
        Assert.Single(seen["traced"].Distinct());
        Assert.Same(seen["traced"][0], checks["traced"].Trace);
        Assert.NotEqual(checks["traced"].Trace!.TraceId, checks["other"].Trace!.TraceId);
        Assert.All(seen["untraced"], Assert.Null);
        Assert.Null(checks["untraced"].Trace);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", checks["traced"].Trace!.TraceParent);
    }

    [Fact]
    public void Trace_must_be_a_boolean_and_may_be_defaulted()
    {
        var errors = TestConfigs.Errors("version: 1\nchecks:\n  - name: a\n    type: scripted\n    trace: sometimes\n").Select(e => e.ToString()).ToList();
        var defaulted = TestConfigs.Parse("version: 1\ndefaults:\n  trace: false\nchecks:\n  - name: a\n    type: scripted\n  - name: b\n    type: scripted\n    trace: true\n");

        Assert.Contains(errors, e => e.StartsWith("diag.yaml:5:12:", StringComparison.Ordinal) && e.Contains("'trace'", StringComparison.Ordinal));
        Assert.False(defaulted.Checks[0].Trace);
        Assert.True(defaulted.Checks[1].Trace);
    }
}
