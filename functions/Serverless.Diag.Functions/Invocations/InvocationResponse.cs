namespace Serverless.Diag.Functions.Invocations;

/// <summary>
/// The answer the host expects from a custom handler: output bindings by name, log lines it forwards to
/// its own logs (Application Insights), and the function's return value.
/// </summary>
public sealed record InvocationResponse
{
    public Dictionary<string, string> Outputs { get; init; } = [];

    public IReadOnlyList<string> Logs { get; init; } = [];

    public string? ReturnValue { get; init; }
}
