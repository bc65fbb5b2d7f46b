using System.Text.Json.Serialization;

namespace Serverless.Diag.Probes.Auth.OAuth2;

/// <summary>RFC 6749 §5.1: the successful answer of a token endpoint.</summary>
internal sealed record TokenAnswer(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("expires_in")] double? ExpiresIn);

/// <summary>RFC 6749 §5.2: the error answer.</summary>
internal sealed record TokenError(
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? Description);

/// <summary>Source-generated: no reflection, Native AOT clean. Some servers send expires_in as a string.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(TokenAnswer))]
[JsonSerializable(typeof(TokenError))]
internal sealed partial class TokenEndpointJson : JsonSerializerContext;
