namespace Serverless.Diag.Probes.Tls;

/// <summary>
/// Every path a <c>tls</c> check measures: one constant each, used by the factory's vocabulary (what the loader accepts)
/// and by the code that measures, so a misspelt name cannot pass validation and then never be measured.
/// </summary>
internal static class TlsVocabulary
{
    public const string CertDaysLeft = "cert.days_left";

    public const string CertSubject = "cert.subject";

    public const string CertIssuer = "cert.issuer";

    public const string CertNotAfter = "cert.not_after";

    public const string CertNotBefore = "cert.not_before";

    public const string CertNames = "cert.names";

    public const string HostnameValid = "hostname_valid";

    public const string ChainValid = "chain_valid";

    public const string Protocol = "protocol";

    public const string Latency = "latency";

    public static MeasurementVocabulary Instance { get; } = new(CertDaysLeft, CertSubject, CertIssuer, CertNotAfter, CertNotBefore, CertNames, HostnameValid, ChainValid, Protocol, Latency);
}
