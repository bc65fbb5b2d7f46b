namespace Serverless.Diag.Probes;

/// <summary>A JSON object: compared and shown as its text, with its number of properties for <c>len(...)</c>.</summary>
public sealed record MeasuredObject(string Json, int Count)
{
    public override string ToString() => Json;
}
