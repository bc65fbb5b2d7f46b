namespace Serverless.Diag.Probes.WebSocket;

/// <summary>
/// Every path a <c>websocket</c> check measures: one constant each, used by the factory's vocabulary (what the loader accepts)
/// and by the code that measures, so a misspelt name cannot pass validation and then never be measured.
/// </summary>
internal static class WebSocketVocabulary
{
    public const string Connected = "connected";

    public const string Latency = "latency";

    public const string Reply = "reply";

    public const string Roundtrip = "roundtrip";

    public static MeasurementVocabulary Instance { get; } = new(Connected, Latency, Reply, Roundtrip);
}
