namespace Serverless.Diag.Diagnosis.Rules;

/// <summary>
/// The server's certificate has expired: a tls check with <c>cert.days_left &lt; 0</c>, or a TLS error whose
/// reason is the expiry. Other certificate problems (another host name, an untrusted issuer) are not this cause.
/// </summary>
internal sealed class ExpiredCertificateRule : CauseRule
{
    private static readonly System.Text.RegularExpressions.Regex ExpiredOn = new(
        @"expired on (?<when>\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2})", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    public override string Id => "certificate-expired";

    public override string Cause => "TLS certificate expired";

    public override string Source =>
        "the TLS stack's own failure signature: no guide has a certificate section; the nearest is " + Guides.Section(Guides.DryRun, "Network Issues › Service Communication Problems");

    public override IReadOnlyList<string> NextSteps { get; } =
    [
        "Renew the certificate (certbot renew, or the App Service / Key Vault certificate) and bind the new one; check that automatic renewal is running.",
        "Confirm what is served: openssl s_client -connect <host>:443 -servername <host> | openssl x509 -noout -dates",
        "Add a tls check with 'cert.days_left > 14' so the next expiry warns two weeks ahead.",
    ];

    public override RuleOutcome Evaluate(CheckFacts symptom, EnvironmentFacts environment)
    {
        if (symptom.Number("cert.days_left") is { } daysLeft)
        {
            if (daysLeft >= 0)
            {
                return NoMatch($"the certificate is valid for {CheckFacts.Figure(Math.Floor(daysLeft))} more days (cert.days_left >= 0)");
            }

            var notAfter = symptom.Text("cert.not_after") ?? "unknown";
            var ago = Math.Max(1, Math.Floor(-daysLeft));
            return Match(
                $"expired {notAfter}, {CheckFacts.Figure(ago)} day{(ago == 1 ? string.Empty : "s")} ago",
                [new EvidenceLine(symptom.Name, $"cert.days_left = {CheckFacts.Figure(Math.Round(daysLeft, 1))}; cert.not_after = {notAfter}; subject {symptom.Text("cert.subject") ?? "unknown"}")]);
        }

        if (symptom.ErrorCause == "tls" && symptom.Find(ExpiredOn) is { } expired)
        {
            return Match($"expired on {expired.Match.Groups["when"].Value} UTC", [expired.Line]);
        }

        return symptom.ErrorCause == "tls"
            ? NoMatch("the TLS handshake failed for another reason than an expired certificate (host name, trust, protocol)")
            : NoMatch("no certificate expiry measured (no cert.days_left, no TLS error naming an expiry)");
    }
}
