using Serverless.Diag.Configuration;
using Serverless.Diag.Diagnosis;
using Serverless.Diag.Tests.TestDoubles;
using static Serverless.Diag.Tests.Diagnosis.Reports;

namespace Serverless.Diag.Tests.Diagnosis;

public class UserCauseTests
{
    private const string Config = """
        version: 1
        checks:
          - name: orders-api
            type: http
            url: http://localhost/orders
          - name: payments-dns
            type: dns
            host: payments.internal
        causes:
          - name: payments-provider-gone
            when:
              orders-api: [status == 502, 'evidence contains "payments"']
              payments-dns: 'error.cause == "dns"'
            cause: the payments provider's record was removed
            root: payments-dns
            next_steps: [Ask the payments team whether the endpoint moved]
        """;

    [Fact]
    public void A_config_rule_matches_when_every_condition_holds_and_names_its_root()
    {
        var config = TestConfigs.Parse(Config);
        var engine = CauseEngine.With(UserCauseRule.From(config.Causes));

        var diagnosis = Diagnose(engine, Http("orders-api", 502, "bad gateway: payments"), Errored("payments-dns", "dns", "dns", "could not resolve 'payments.internal': Name or service not known"));

        // The built-in upstream-down rule matches too; the config's own rule outranks it.
        var cause = Assert.Single(diagnosis.Candidates);
        Assert.Contains(diagnosis.NotMatched, v => v.Rule == "upstream-down" && v.Reason.Contains("outranks", StringComparison.Ordinal));
        Assert.Equal("payments-provider-gone", cause.Rule);
        Assert.Equal("the payments provider's record was removed", cause.Cause);
        Assert.Equal("payments-dns", cause.RootCheck);
        Assert.Equal("diag.yaml:10:11 (causes: payments-provider-gone)", cause.Source);
        Assert.Contains(cause.Evidence, e => e.Check == "payments-dns" && e.Text.StartsWith("error.cause == \"dns\"", StringComparison.Ordinal));
        Assert.Equal(["Ask the payments team whether the endpoint moved"], cause.NextSteps);
    }

    [Fact]
    public void A_config_rule_does_not_match_when_one_condition_fails_and_says_which()
    {
        var engine = CauseEngine.With(UserCauseRule.From(TestConfigs.Parse(Config).Causes));

        var diagnosis = Diagnose(engine, Http("orders-api", 502, "bad gateway: payments"), Passing("payments-dns", "dns", new() { ["resolved"] = true }));

        Assert.DoesNotContain(diagnosis.Candidates, c => c.Rule == "payments-provider-gone");
        Assert.Contains(diagnosis.NotMatched, v => v.Rule == "payments-provider-gone" && v.Reason.Contains("error.cause", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_causes_are_refused_with_positions()
    {
        var errors = TestConfigs.Errors("""
            version: 1
            checks:
              - name: orders-api
                type: http
                url: http://localhost/orders
            causes:
              - name: a
                when:
                  orders-apx: [status == 502]
                cause: x
              - name: b
                when:
                  orders-api: [lateny > 1s, 'status =< 2', 'headers.x exists']
              - name: c
                when: { orders-api: status == 500 }
                cause: y
                root: nope
                colour: red
            """).Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.StartsWith("diag.yaml:9:7: 'when' names unknown check 'orders-apx' (did you mean 'orders-api'?)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("diag.yaml:13:20: 'lateny' is not measured by http checks (did you mean 'latency'?)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("diag.yaml:13:41: invalid assertion: unknown operator '=<'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("diag.yaml:13:49: 'headers.x' is read while the check runs and not kept", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("diag.yaml:11:11: cause 'b' needs a 'cause' sentence", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("diag.yaml:17:11: 'root' names unknown check 'nope'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("colour", StringComparison.Ordinal));
    }
}
