using System.Text.Json.Serialization;

namespace Serverless.Diag.Hosting.Http;

/// <summary>What /api/diagnose answers instead of a report when nothing ran. Never a stack trace.</summary>
/// <param name="ValidNames">For an unknown environment, check or tag: the names the config has.</param>
/// <param name="Problems">For a refused configuration: every problem, as <c>file:line:col: message</c> or naming the app setting.</param>
public sealed record ErrorBody(string Error, IReadOnlyList<string>? ValidNames = null, IReadOnlyList<string>? Problems = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class ErrorJson : JsonSerializerContext;
