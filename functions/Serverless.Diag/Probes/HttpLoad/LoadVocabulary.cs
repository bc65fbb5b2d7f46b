namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>
/// Every path a <c>http-load</c> check measures: one constant each, used by the factory's vocabulary (what the loader accepts)
/// and by the code that measures, so a misspelt name cannot pass validation and then never be measured.
/// </summary>
internal static class LoadVocabulary
{
    public const string Requests = "requests";

    public const string Throughput = "throughput";

    public const string ErrorRate = "error_rate";

    public const string P50 = "p50";

    public const string P90 = "p90";

    public const string P95 = "p95";

    public const string P99 = "p99";

    public const string Max = "max";

    public const string Status = "status";

    public const string Errors = "errors";

    public static MeasurementVocabulary Instance { get; } = new(Requests, Throughput, ErrorRate, P50, P90, P95, P99, Max, Status + ".*", Errors + ".*");
}
