using Serverless.Diag.Running;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.Running;

public class AssertionCacheTests
{
    private const string Yaml = """
        version: 1
        environments:
          staging:
            vars: { limit: 2s }
          production:
            vars: { limit: 500ms }
        checks:
          - name: a
            type: scripted
            expect:
              - status == 200
              - latency < ${limit}
          - name: b
            type: scripted
            expect:
              - status == 200
              - warn: status == 200
        """;

    [Fact]
    public void Checks_writing_the_same_assertion_share_one_and_each_expansion_is_its_own()
    {
        var plan = TestConfigs.Plan(Yaml, new ScriptedProbeFactory());

        var staging = plan.Environments[0].Checks;
        var production = plan.Environments[1].Checks;
        Assert.Same(staging[0].Assertions[0], staging[1].Assertions[0]);
        Assert.Same(staging[0].Assertions[0], production[1].Assertions[0]);
        Assert.NotSame(staging[1].Assertions[0], staging[1].Assertions[1]);
        Assert.Equal(Serverless.Diag.Assertions.AssertionLevel.Warn, staging[1].Assertions[1].Level);
        Assert.Equal("latency < 2s", staging[0].Assertions[1].Text);
        Assert.Equal("latency < 500ms", production[0].Assertions[1].Text);
    }

    [Fact]
    public void A_line_that_fails_after_expansion_is_reported_where_each_check_writes_it()
    {
        var errors = TestConfigs.Errors("""
            version: 1
            vars: { limit: 2sec }
            checks:
              - name: a
                type: scripted
                expect: ["latency < ${limit}"]
              - name: b
                type: scripted
                expect: ["latency < ${limit}"]
            """);

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("diag.yaml:6:26: invalid assertion: unknown unit 'sec'", errors[0].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("diag.yaml:9:26: invalid assertion: unknown unit 'sec'", errors[1].ToString(), StringComparison.Ordinal);
    }
}
