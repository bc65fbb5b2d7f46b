using System.Diagnostics;

namespace Serverless.Diag.Probes;

/// <summary>
/// The W3C trace context of one check: every request its attempts send carries it as <c>traceparent</c>, and
/// its availability result uses the trace id as operation id and the span id as its own id, so the target's
/// server-side telemetry appears as a child of the check in Application Insights' end-to-end view.
/// </summary>
public sealed class TraceContext
{
    private string? _header;

    private TraceContext(ActivityTraceId traceId, ActivitySpanId spanId)
    {
        TraceId = traceId;
        SpanId = spanId;
    }

    public ActivityTraceId TraceId { get; }

    public ActivitySpanId SpanId { get; }

    /// <summary>The <c>traceparent</c> value: version 00, sampled.</summary>
    public string TraceParent => _header ??= $"00-{TraceId.ToHexString()}-{SpanId.ToHexString()}-01";

    public const string HeaderName = "traceparent";

    public static TraceContext CreateRandom() => new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
}
