namespace Serverless.Diag.Probes.Dns;

/// <summary>
/// Every path a <c>dns</c> check measures: one constant each, used by the factory's vocabulary (what the loader accepts)
/// and by the code that measures, so a misspelt name cannot pass validation and then never be measured.
/// </summary>
internal static class DnsVocabulary
{
    public const string Resolved = "resolved";

    public const string Addresses = "addresses";

    public const string Latency = "latency";

    public static MeasurementVocabulary Instance { get; } = new(Resolved, Addresses, Latency);
}
