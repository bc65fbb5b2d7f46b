namespace Serverless.Diag.Diagnosis.Rules;

/// <summary>
/// A gateway answers 502/503/504 while a check of what it depends on cannot even reach it: the upstream is down.
/// A 5xx while every dependency check passes is not this cause.
/// </summary>
internal sealed class UpstreamDownRule : CauseRule
{
    private static readonly HashSet<string> Unreachable = new(StringComparer.Ordinal) { "refused", "timeout", "dns", "reset", "unavailable", "network", "tls" };

    public override string Id => "upstream-down";

    public override string Cause => "upstream service down";

    public override string Source =>
        Guides.Section(Guides.ToolboxAi, "Error Resolution › 2. HTTP 503 Errors (Service Unavailable)") + "; " +
        Guides.Section(Guides.DryRun, "Network Issues › Service Communication Problems");

    public override IReadOnlyList<string> NextSteps { get; } =
    [
        "Bring the upstream back: is it running (docker-compose ps, the Function App or container state) and listening on its port (nc -zv <host> <port>)?",
        "Check the gateway's view of it: upstream host and port in its config, its error log (connect() failed / no live upstreams).",
        "Once it answers, check circuit breakers that opened meanwhile (/circuit-breakers/status) and reset them.",
    ];

    public override RuleOutcome Evaluate(CheckFacts symptom, EnvironmentFacts environment)
    {
        if (symptom.HttpStatus is not (502 or 503 or 504))
        {
            return NoMatch(symptom.HttpStatus is { } status ? $"the answer is {status}, not a gateway's 502/503/504" : "no 502/503/504 answer");
        }

        var down = environment.DependenciesOf(symptom)
            .Where(c => c.Report.Status == Reporting.CheckStatus.Error && c.ErrorCause is { } cause && Unreachable.Contains(cause))
            .ToList();
        if (down.Count == 0)
        {
            return NoMatch($"no dependency check errors in this run (the {symptom.HttpStatus} has another cause)");
        }

        var evidence = new List<EvidenceLine> { new(symptom.Name, $"answered {symptom.HttpStatus}") };
        evidence.AddRange(down.Select(d => new EvidenceLine(d.Name, $"error ({d.ErrorCause}): {CheckFacts.Shorten(d.Report.Error!.Message)}")));
        return Match($"{symptom.HttpStatus} while {down[0].Name} is {down[0].ErrorCause}", evidence, down[0].Name);
    }
}
