namespace Serverless.Diag.Diagnosis.Rules;

/// <summary>
/// A circuit breaker reports itself open: a breaker status body (this check's or another failing check's) with a
/// breaker in state <c>open</c>. Breakers that are closed or half-open are not this cause.
/// </summary>
internal sealed class CircuitOpenRule : CauseRule
{
    public override string Id => "circuit-open";

    public override string Cause => "circuit breaker open";

    public override string Source =>
        Guides.Section(Guides.ToolboxAi, "Error Resolution › 2. HTTP 503 Errors (Service Unavailable)") + "; " +
        Guides.Section(Guides.ToolboxAi, "Error Resolution › Automated Error Recovery › Circuit Breaker Recovery");

    public override IReadOnlyList<string> NextSteps { get; } =
    [
        "Find why it opened: the dependency behind the breaker (database, OpenAI API) and the circuit.breaker.open entries in logs/app.log.",
        "Once the dependency answers again, reset it: curl -X POST <base>/circuit-breakers/<name>/reset — or wait for the automatic reset after its cooldown.",
        "If it opens repeatedly, look at its failure threshold and timeout against the dependency's real latency.",
    ];

    public override RuleOutcome Evaluate(CheckFacts symptom, EnvironmentFacts environment)
    {
        if (symptom.Find(Signatures.BreakerOpen()) is { } own)
        {
            return Match(Named(own.Match), [own.Line]);
        }

        var other = environment.Checks
            .Where(c => c.Name != symptom.Name && c.IsFailing)
            .Select(c => (Check: c, Found: c.Find(Signatures.BreakerOpen())))
            .FirstOrDefault(x => x.Found is not null);
        if (other.Found is { } found && symptom.HttpStatus is 503 or 502 or 500)
        {
            return Match(Named(found.Match), [new EvidenceLine(symptom.Name, $"answered {symptom.HttpStatus}"), found.Line], other.Check.Name);
        }

        return NoMatch(other.Found is not null
            ? $"'{other.Check.Name}' shows an open breaker, but this check did not answer 5xx"
            : "no circuit breaker reports state 'open' in this run's evidence");
    }

    private static string Named(System.Text.RegularExpressions.Match match)
    {
        var name = match.Groups["name"].Success ? match.Groups["name"].Value : match.Groups["name3"].Success ? match.Groups["name3"].Value : match.Groups["name2"].Success ? match.Groups["name2"].Value.Trim(' ', '\'') : null;
        return name is null ? "a breaker in state open" : $"breaker '{name}' is open";
    }
}
