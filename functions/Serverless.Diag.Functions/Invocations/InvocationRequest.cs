using System.Text.Json;

namespace Serverless.Diag.Functions.Invocations;

/// <summary>
/// What the Functions host POSTs to <c>/{FunctionName}</c>: the trigger and input bindings by name in
/// <see cref="Data"/>, trigger metadata (<c>sys.MethodName</c>, <c>sys.UtcNow</c>...) in <see cref="Metadata"/>.
/// Kept as raw JSON: the host adds fields over time and we must not refuse them.
/// </summary>
public sealed record InvocationRequest
{
    public Dictionary<string, JsonElement>? Data { get; init; }

    public Dictionary<string, JsonElement>? Metadata { get; init; }
}
