using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Diagnosis;

/// <summary>
/// A rule written in the config: it matches a failing check it names in <c>when:</c> once every assertion of
/// <c>when:</c> holds on its check's report (measurements, <c>check.status</c>, <c>error.cause</c>,
/// <c>error.message</c>, <c>evidence</c>).
/// </summary>
public sealed class UserCauseRule(CauseDefinition definition) : CauseRule
{
    public override string Id => definition.Name;

    public override string Cause => definition.Cause;

    public override string Source => $"{definition.Mark} (causes: {definition.Name})";

    public override IReadOnlyList<string> NextSteps => definition.NextSteps;

    public static IEnumerable<CauseRule> From(IEnumerable<CauseDefinition> definitions) => definitions.Select(d => new UserCauseRule(d));

    public override RuleOutcome Evaluate(CheckFacts symptom, EnvironmentFacts environment)
    {
        if (!definition.When.Any(c => c.Check == symptom.Name))
        {
            return NoMatch("its 'when' does not name this check");
        }

        var evidence = new List<EvidenceLine>();
        var measured = new Dictionary<string, Measurements>(StringComparer.Ordinal);
        foreach (var condition in definition.When.OrderBy(c => c.Check == symptom.Name ? 0 : 1))
        {
            if (environment.Find(condition.Check) is not { } check || check.Report.Status == CheckStatus.Skipped)
            {
                return NoMatch($"'{condition.Check}' did not run");
            }

            if (!measured.TryGetValue(check.Name, out var values))
            {
                measured[check.Name] = values = Facts(check);
            }

            var result = AssertionEvaluator.Evaluate(condition.Assertion, values);
            if (!result.Passed)
            {
                return NoMatch($"{condition.Check}: {condition.Assertion.Text} does not hold (actual {result.Actual ?? result.Message ?? "not measured"})");
            }

            evidence.Add(new EvidenceLine(check.Name, $"{condition.Assertion.Text} (actual {CheckFacts.Shorten(result.Actual ?? "true", 120)})"));
        }

        var key = evidence[0].Text;
        var root = definition.Root is { } r && r != symptom.Name && environment.Find(r)?.IsFailing == true ? r : null;
        return Match(key, evidence, root);
    }

    /// <summary>A check's report as assertion input: its measurements and what a cause may read besides.</summary>
    private static Measurements Facts(CheckFacts check)
    {
        var values = new Measurements();
        foreach (var (path, value) in check.Report.Measurements)
        {
            values.Set(path, value);
        }

        values.Set(CauseFacts.CheckStatus, check.Report.Status.ToWire());
        if (check.Report.Error is { } error)
        {
            values.Set(CauseFacts.ErrorCause, error.Cause.Name);
            values.Set(CauseFacts.ErrorMessage, error.Message);
        }
        else
        {
            values.SetAbsent(CauseFacts.ErrorCause, "the check did not error");
            values.SetAbsent(CauseFacts.ErrorMessage, "the check did not error");
        }

        values.Set(CauseFacts.Evidence, string.Join('\n', check.Lines.Select(l => l.Line)));
        return values;
    }
}
