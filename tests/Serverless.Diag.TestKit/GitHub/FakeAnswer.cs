using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Serverless.Diag.TestKit.GitHub;

/// <summary>Status, body and headers of one fake GitHub answer.</summary>
internal sealed record FakeAnswer(int Status, string Body, string ContentType = "application/json; charset=utf-8")
{
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static FakeAnswer Json(int status, JsonNode node) => new(status, node.ToJsonString());

    public static FakeAnswer Error(int status, string message, string documentation, JsonArray? errors = null) =>
        Json(status, GitHubJson.Error(message, documentation, errors));

    public FakeAnswer WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public async Task WriteAsync(HttpContext context, TimeProvider time)
    {
        context.Response.StatusCode = Status;
        context.Response.ContentType = ContentType;
        // Every real answer carries the rate-limit headers; Octokit reads them into ApiInfo.
        var reset = (time.GetUtcNow() + TimeSpan.FromHours(1)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Limit"] = "5000";
        context.Response.Headers["X-RateLimit-Remaining"] = "4999";
        context.Response.Headers["X-RateLimit-Reset"] = reset;
        context.Response.Headers["X-GitHub-Api-Version-Selected"] = "2022-11-28";
        foreach (var (name, value) in Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (Status != 204)
        {
            await context.Response.WriteAsync(Body);
        }
    }
}
