namespace Serverless.Diag.Probes.Tcp;

/// <summary>
/// Every path a <c>tcp</c> check measures: one constant each, used by the factory's vocabulary (what the loader accepts)
/// and by the code that measures, so a misspelt name cannot pass validation and then never be measured.
/// </summary>
internal static class TcpVocabulary
{
    public const string Connected = "connected";

    public const string Latency = "latency";

    public static MeasurementVocabulary Instance { get; } = new(Connected, Latency);
}
