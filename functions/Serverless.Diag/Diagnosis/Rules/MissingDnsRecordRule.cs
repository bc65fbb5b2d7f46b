namespace Serverless.Diag.Diagnosis.Rules;

/// <summary>
/// The name has no record: the resolver answered "no such name" (NXDOMAIN) or "no record of that type". A resolver
/// that could not answer (SERVFAIL, timeout) is not evidence of a missing record.
/// </summary>
internal sealed class MissingDnsRecordRule : CauseRule
{
    public override string Id => "dns-missing-record";

    public override string Cause => "DNS record missing (NXDOMAIN)";

    public override string Source => Guides.Section(Guides.DryRun, "DNS Resolution Issues › Issue: Hostname Resolution Failures");

    public override IReadOnlyList<string> NextSteps { get; } =
    [
        "Look the name up from where the checks run: nslookup <host>; dig <host> +short — and against the zone's own name servers (dig @<ns> <host>).",
        "Check the record in this environment's DNS zone (a deleted or never-created record, a typo in the URL) and /etc/hosts for local names.",
        "Inside containers, use the service discovery name; test with the IP address to confirm the service itself answers.",
    ];

    public override RuleOutcome Evaluate(CheckFacts symptom, EnvironmentFacts environment)
    {
        if (symptom.ErrorCause != "dns" && symptom.Report.Measurements.GetValueOrDefault("resolved") is not false)
        {
            return NoMatch(symptom.ErrorCause is { } cause ? $"the check's error is '{cause}', not a name resolution failure" : "the name resolved (no dns error)");
        }

        if (symptom.Find(Signatures.NameTemporaryFailure()) is { } temporary)
        {
            return NoMatch($"the resolver could not answer now ({CheckFacts.Shorten(temporary.Match.Value, 60)}): that is not evidence the record is missing");
        }

        if (symptom.Find(Signatures.NameNotFound()) is not { } notFound)
        {
            return NoMatch("the resolution failed without an NXDOMAIN or no-record answer");
        }

        return Match(notFound.Match.Value, [notFound.Line]);
    }
}
