namespace Serverless.Diag.Probes.Prometheus;

/// <summary>
/// Every path a <c>prometheus</c> check measures: one constant each, used by the factory's vocabulary (what the loader accepts)
/// and by the code that measures, so a misspelt name cannot pass validation and then never be measured.
/// </summary>
internal static class PrometheusVocabulary
{
    public const string Value = "value";

    public const string Series = "series";

    public const string TargetsUp = "targets.up";

    public const string TargetsDown = "targets.down";

    public const string TargetsUnknown = "targets.unknown";

    public const string TargetsTotal = "targets.total";

    public static MeasurementVocabulary Instance { get; } = new(Value, Series, TargetsUp, TargetsDown, TargetsUnknown, TargetsTotal);
}
