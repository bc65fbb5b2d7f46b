namespace Serverless.Diag.Probes;

/// <summary>
/// A number as the target wrote it, for values a double would not show digit for digit (JSON numbers of 1e15 and
/// more: ids, byte counters). Compares as <see cref="Value"/>, exactly against a plain integer literal; shown as <see cref="Text"/>.
/// </summary>
public sealed record MeasuredNumber(double Value, string Text)
{
    public override string ToString() => Text;
}
