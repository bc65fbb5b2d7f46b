namespace Serverless.Diag.Probes.Http;

/// <summary>
/// Every path a <c>http</c> check measures: one constant each, used by the factory's vocabulary (what the loader accepts)
/// and by the code that measures, so a misspelt name cannot pass validation and then never be measured.
/// </summary>
internal static class HttpVocabulary
{
    public const string Status = "status";

    public const string Latency = "latency";

    public const string Dns = "dns";

    public const string Connect = "connect";

    public const string Tls = "tls";

    public const string Ttfb = "ttfb";

    public const string Size = "size";

    public const string Body = "body";

    public const string Json = "json";

    public const string Headers = "headers";

    public static MeasurementVocabulary Instance { get; } = new(Status, Latency, Dns, Connect, Tls, Ttfb, Size, Body, Json + ".*", Headers + ".*");
}
