namespace Serverless.Diag.Probes.Flow;

/// <summary>What a <c>flow</c> check measures: the whole flow's latency and, per step, its latency and status.</summary>
internal static class FlowVocabulary
{
    public const string Latency = "latency";

    public const string Steps = "steps";

    public static MeasurementVocabulary Instance { get; } = new(Latency, Steps + ".*");

    public static string StepLatency(string step) => $"{Steps}.{step}.latency";

    public static string StepStatus(string step) => $"{Steps}.{step}.status";
}
