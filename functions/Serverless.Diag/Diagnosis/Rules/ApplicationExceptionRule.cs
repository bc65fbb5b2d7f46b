namespace Serverless.Diag.Diagnosis.Rules;

/// <summary>
/// The application itself throws: errors (a 500, or an error rate above its threshold) while the same check's
/// latency holds and a database check passes, with the exception type in the response. A fallback: any more
/// specific cause (pool, cache, token...) wins, and without a passing database check nothing rules the database out.
/// </summary>
internal sealed class ApplicationExceptionRule : CauseRule
{
    public override string Id => "application-exception";

    public override string Cause => "application exception";

    public override bool IsFallback => true;

    public override string Source =>
        Guides.Section(Guides.AiSaas, "API Issues › 1. High Error Rates") + "; " +
        Guides.Section(Guides.Generic, "API Request Failures › Symptom: \"500 Internal Server Error\"");

    public override IReadOnlyList<string> NextSteps { get; } =
    [
        "Find the exception in the application's log around the check's time (grep ERROR logs/app.log, or the full traceback the global exception handler logs).",
        "Check what changed: deployments in the last 24 hours (git log --since=\"24 hours ago\") and the request the check sends.",
        "Fix or roll back the code path; add the exception to the global handler's logging if the traceback is not there.",
    ];

    public override RuleOutcome Evaluate(CheckFacts symptom, EnvironmentFacts environment)
    {
        var errorRateFailed = symptom.FailedAssertions.Any(a => a.Expression.StartsWith("error_rate", StringComparison.Ordinal));
        if (symptom.HttpStatus is not (500 or 501 or 505) && !errorRateFailed)
        {
            return NoMatch("no 500 answer and no error_rate above its threshold");
        }

        if (symptom.WasSlow)
        {
            return NoMatch("the check was also slow (a timeout or latency assertion failed): not a plain exception");
        }

        var databases = environment.OfType("postgres").ToList();
        if (databases.Count == 0)
        {
            return NoMatch("no database check in this run to rule the database out");
        }

        if (databases.FirstOrDefault(d => !d.IsHealthy) is { } unhealthy)
        {
            return NoMatch($"the database check '{unhealthy.Name}' is not healthy ({unhealthy.Report.Status.ToString().ToLowerInvariant()})");
        }

        if (symptom.FindLast(Signatures.ExceptionType()) is not { } exception)
        {
            return NoMatch("the response names no exception type");
        }

        var type = exception.Match.Groups["type"].Value;
        var what = errorRateFailed && symptom.Number("error_rate") is { } rate ? $"error_rate {CheckFacts.Percent(rate)}" : $"{symptom.HttpStatus}";
        return Match(
            $"{what}: {type}",
            [
                exception.Line,
                new EvidenceLine(databases[0].Name, $"{databases[0].Report.Status.ToString().ToLowerInvariant()}: the database answers"),
            ],
            cause: $"application exception ({type})");
    }
}
