namespace Serverless.Diag.Assertions;

/// <summary>
/// The unit a measurement is kept in, guessed from its name, so a value with no written unit beside it (a baseline,
/// a forecast) is shown as <c>120ms</c> or <c>93%</c> rather than as a bare number. Only for display.
/// </summary>
public static class MeasurementUnits
{
    private static readonly NumberValue Milliseconds = new(1, NumberUnit.Duration, "1ms");
    private static readonly NumberValue Ratio = new(0.01, NumberUnit.Percent, "1%");
    private static readonly NumberValue Bytes = new(1, NumberUnit.Size, "1B");
    private static readonly System.Buffers.SearchValues<char> PercentileDigits = System.Buffers.SearchValues.Create("0123456789._");

    /// <summary>A literal of the measurement's unit to format with; null: a plain number.</summary>
    public static NumberValue? Hint(string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        if (name is "latency" or "duration" or "duration_ms" || name.EndsWith("_ms", StringComparison.Ordinal) || IsPercentile(name))
        {
            return Milliseconds;
        }

        if (name is "ratio" or "rate" || name.EndsWith("_ratio", StringComparison.Ordinal) || name.EndsWith("_rate", StringComparison.Ordinal))
        {
            return Ratio;
        }

        return name is "size" or "bytes" || name.EndsWith("_bytes", StringComparison.Ordinal) ? Bytes : null;
    }

    // p50, p95, p99.9: the latency percentiles of load checks.
    private static bool IsPercentile(string name) =>
        name.Length > 1 && name[0] == 'p' && char.IsAsciiDigit(name[1]) && name.AsSpan(1).IndexOfAnyExcept(PercentileDigits) < 0;
}
