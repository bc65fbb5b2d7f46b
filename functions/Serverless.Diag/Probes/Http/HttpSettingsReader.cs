using System.Text;
using System.Text.Json;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Probes.Http;

/// <summary>Reads and validates an <c>http</c> check's settings, reporting every problem at its position.</summary>
internal static class HttpSettingsReader
{
    private static readonly string[] Schemes = ["http", "https"];

    public static IReadOnlyCollection<string> Keys { get; } =
        ["url", "method", "headers", "body", "json", "follow_redirects", "compressed", "max_body", "auth", "insecure_skip_verify"];

    public static HttpProbeSettings? Read(CheckSettings settings)
    {
        var url = TargetUrl.Read(settings, Schemes, out var userInfo);
        var method = HttpMethodReader.Read(settings);
        var headers = RequestHeaders.Read(settings);
        var (body, contentType) = ReadBody(settings);
        var followRedirects = ReadRedirects(settings);
        var insecure = settings.Bool("insecure_skip_verify");
        var compressed = settings.Bool("compressed");
        var maxBody = settings.Size("max_body");
        if (maxBody is <= 0)
        {
            settings.Error("max_body", "'max_body' must be more than 0 bytes");
        }

        var auth = HttpAuthReader.ReadWithTokenSources(settings);
        var authorization = auth?.Header;
        if (auth is null && userInfo is { } credentials)
        {
            authorization = HttpAuthReader.Basic(settings.Secrets, credentials.User, credentials.Password);
        }

        if (settings.HasErrors || url is null || method is null || headers is null)
        {
            return null;
        }

        return new HttpProbeSettings
        {
            Url = url,
            Method = method,
            Headers = headers,
            Body = body,
            ContentType = contentType,
            FollowRedirects = followRedirects ?? RedirectPolicy.Any,
            InsecureSkipVerify = insecure ?? false,
            Compressed = compressed ?? false,
            MaxBody = maxBody ?? HttpProbeSettings.DefaultMaxBody,
            Authorization = authorization,
            TokenSource = auth?.Source,
        };
    }

    /// <summary><c>true</c>, <c>false</c> or <c>same-origin</c>.</summary>
    public static RedirectPolicy? ReadRedirects(CheckSettings settings)
    {
        var text = settings.String("follow_redirects");
        switch (text?.Trim().ToLowerInvariant())
        {
            case null:
                return null;
            case "true":
                return RedirectPolicy.Any;
            case "false":
                return RedirectPolicy.None;
            case "same-origin":
                return RedirectPolicy.SameOrigin;
            default:
                settings.Error(settings.Node("follow_redirects")!, $"'follow_redirects' must be true, false or same-origin, not '{text}'");
                return null;
        }
    }

    public static (byte[]? Body, string? ContentType) ReadBody(CheckSettings settings)
    {
        if (settings.Has("body") && settings.Has("json"))
        {
            settings.Error("json", "use either 'body' or 'json', not both");
            return (null, null);
        }

        if (settings.Has("body"))
        {
            var body = settings.String("body");
            return (body is null ? null : Encoding.UTF8.GetBytes(body), null);
        }

        if (settings.Node("json") is not { } json)
        {
            return (null, null);
        }

        if (json is ConfigScalar { Quoted: true } or ConfigScalar { Value: ['{' or '[', ..] })
        {
            var text = ((ConfigScalar)json).Value;
            try
            {
                using var _ = JsonDocument.Parse(text);
                return (Encoding.UTF8.GetBytes(text), "application/json");
            }
            catch (JsonException e)
            {
                settings.Error(json, $"'json' is not valid JSON: {e.Message}");
                return (null, null);
            }
        }

        return (ConfigJson.Write(json), "application/json");
    }
}
