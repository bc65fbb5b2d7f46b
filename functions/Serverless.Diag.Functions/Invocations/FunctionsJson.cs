using System.Text.Json.Serialization;
using Serverless.Diag.Functions.Diagnose;

namespace Serverless.Diag.Functions.Invocations;

/// <summary>
/// Source-generated serialisation for everything the handler reads or writes itself. The host's payloads use
/// PascalCase names (Data, Metadata, Outputs, Logs, ReturnValue); our own error bodies use camelCase like the report.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(InvocationRequest))]
[JsonSerializable(typeof(InvocationResponse))]
internal sealed partial class FunctionsJson : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class ErrorJson : JsonSerializerContext;
